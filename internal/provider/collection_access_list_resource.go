package provider

// NewCollectionAccessListResource is list "arangodb_collection_access":
// the users' grants on collections, and their databases' "*" collection
// defaults, where set.
var NewCollectionAccessListResource = newListResource(listKind[grantListFilters]{
	typ: "_collection_access",
	desc: "Every user's own grant on a collection, and the `*` default of a database's collections where one is set " +
		"(`GET /_api/user/{user}/database?full=true`, one request per user, after `GET /_api/user` unless `user` is " +
		"given): for `terraform query`, to adopt them.",
	resource: withIdentity(NewCollectionAccessResource, collectionAccessIdentity),
	filters:  grantFilters("collection grants"),
	find:     findGrants(true),
})
