package provider

import "github.com/hashicorp/terraform-plugin-framework/resource"

// NewHotBackupDownloadResource is resource "arangodb_hot_backup_download":
// a hot backup brought back from a remote repository
// (common_hot_backup_transfer.go).
func NewHotBackupDownloadResource() resource.Resource { return &transferResource{upload: false} }
