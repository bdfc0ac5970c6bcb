# Import by the backup's id (data source arangodb_hot_backups lists them).
terraform import arangodb_hot_backup.pre_upgrade 2025-05-23T18.15.31Z_pre-upgrade
