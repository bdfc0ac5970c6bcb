package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

var (
	_ resource.ResourceWithConfigure  = (*transferResource)(nil)
	_ resource.ResourceWithModifyPlan = (*transferResource)(nil)
)

// NewHotBackupUploadResource is resource "arangodb_hot_backup_upload": a
// hot backup copied to a remote repository (common_hot_backup_transfer.go).
func NewHotBackupUploadResource() resource.Resource { return &transferResource{upload: true} }
