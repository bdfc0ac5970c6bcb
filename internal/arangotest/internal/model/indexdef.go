package model

import (
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/apierr"
	"github.com/arangodb-tf/terraform-provider-arangodb/internal/arangotest/internal/indexdef"
)

// normalizeIndex checks a POST /_api/index body and returns the index it
// asks for (without id); a generated name takes the clock's next value.
// Caller holds d.Mu.
func (d *Deployment) normalizeIndex(body obj) (*indexdef.Index, *apierr.Error) {
	return indexdef.Normalize(body, d.version, d.ExtendedNames, d.HLC.Next)
}
