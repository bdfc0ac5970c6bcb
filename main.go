package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/arangodb-tf/terraform-provider-arangodb/internal/provider"
)

// version is set by goreleaser.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	if !debug {
		silenceDroppedLogs()
	}
	tuneGC()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	err := tf6server.Serve("registry.terraform.io/arangodb-tf/arangodb", provider.NewServer(version), opts...)
	if err != nil {
		log.Fatal(err)
	}
}
