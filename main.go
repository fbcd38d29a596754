// Command needlepoint is the front desk and treatment-room application of a
// microneedling clinic.
package main

import (
	"os"

	"needlepoint/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
