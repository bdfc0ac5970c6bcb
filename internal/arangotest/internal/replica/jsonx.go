package replica

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"

// obj and kv are jsonx's Obj and KV, as in package arangotest.
type (
	obj = jsonx.Obj
	kv  = jsonx.KV
)
