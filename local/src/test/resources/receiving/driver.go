// Runs the Go snippet of docs/receiving-webhooks.md (verify.go, its first line changed to "package main") on one
// delivery. stdin: {"secret", "publicKeyPem", "headers" (lower-case names), "body"}; stdout: "v1=<bool> v1a=<bool>".
// Run, in a directory holding both files and no go.mod: go run verify.go driver.go
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

func main() {
	var input struct {
		Secret       string            `json:"secret"`
		PublicKeyPem string            `json:"publicKeyPem"`
		Headers      map[string]string `json:"headers"`
		Body         string            `json:"body"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		fmt.Fprintln(os.Stderr, "driver.go: cannot read the input:", err)
		os.Exit(2)
	}
	headers := http.Header{}
	for name, value := range input.Headers {
		headers.Set(name, value)
	}
	body := []byte(input.Body)
	fmt.Printf("v1=%t v1a=%t\n", VerifyV1(input.Secret, headers, body), VerifyV1a(input.PublicKeyPem, headers, body))
}
