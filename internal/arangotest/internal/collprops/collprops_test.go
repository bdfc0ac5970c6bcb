package collprops

import (
	"testing"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"
)

func TestParseAndReport(t *testing.T) {
	body, err := jsonx.Parse([]byte(`{"cacheEnabled":true,"keyOptions":{"type":"uuid","allowUserKeys":false},` +
		`"schema":{"rule":{"type":"object"},"level":"strict","message":"no"}}`))
	if err != nil {
		t.Fatal(err)
	}
	o, _ := body.(jsonx.Obj)
	p, aerr := Parse(o, []string{"_key"})
	if aerr != nil {
		t.Fatal(aerr)
	}
	if got := string(jsonx.Marshal(p.KeyOptions(7, true))); got != `{"allowUserKeys":false,"type":"uuid","lastValue":7}` {
		t.Errorf("KeyOptions = %s", got)
	}
	if got := string(jsonx.Marshal(p.SchemaValue())); got != `{"message":"no","level":"strict","type":"json","rule":{"type":"object"}}` {
		t.Errorf("SchemaValue = %s", got)
	}
	if p.ForCollection(false, true).CacheEnabled || !p.ForCollection(true, true).CacheEnabled {
		t.Error("ForCollection: a single server's system collection has no cache, a cluster's has")
	}
	q := p.Clone()
	q.Schema[0].V = "changed"
	if v, _ := p.Schema.Get("message"); v != "no" {
		t.Error("Clone shares the schema")
	}
	if p.WriteConcernOr(2) != 2 {
		t.Error("WriteConcernOr without a set writeConcern")
	}
}

func TestParseSharding(t *testing.T) {
	body, _ := jsonx.Parse([]byte(`{"replicationFactor":"satellite","shardKeys":["a"],"shardingStrategy":"hash"}`))
	cs, err := ParseSharding(body.(jsonx.Obj))
	if err != nil || !cs.Satellite || cs.ShardKeys != nil || cs.Strategy() != "hash" || len(cs.Keys()) != 1 || cs.Keys()[0] != "_key" {
		t.Fatalf("ParseSharding(satellite) = %+v, %v", cs, err)
	}
	body, _ = jsonx.Parse([]byte(`{"shardKeys":["_id"]}`))
	if _, err := ParseSharding(body.(jsonx.Obj)); err == nil {
		t.Error("ParseSharding: _id as a shard key is refused")
	}
	body, _ = jsonx.Parse([]byte(`{"shardingStrategy":"bogus"}`))
	if _, err := ParseSharding(body.(jsonx.Obj)); err == nil || err.Msg != "unknown sharding type 'bogus'" {
		t.Errorf("ParseSharding(bogus) = %v", err)
	}
}
