# Import by the id of a resignLeadership Agency job.
terraform import arangodb_dbserver_leadership.before_restart 2010093
