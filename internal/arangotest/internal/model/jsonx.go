package model

import "github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/jsonx"

// obj and kv are jsonx's Obj and KV, as in package arangotest: the model
// builds the bodies the handlers answer.
type (
	obj = jsonx.Obj
	kv  = jsonx.KV
)
