// Asks golang.org/x/mod/semver about Go module versions.
// Input lines: "v<TAB>version" or "c<TAB>left<TAB>right"; output one answer per line.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"golang.org/x/mod/semver"
)

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for scanner.Scan() {
		fields := strings.Split(scanner.Text(), "\t")
		if fields[0] == "v" {
			if semver.IsValid(fields[1]) {
				fmt.Fprintln(out, "valid")
			} else {
				fmt.Fprintln(out, "invalid")
			}
			continue
		}
		switch semver.Compare(fields[1], fields[2]) {
		case -1:
			fmt.Fprintln(out, "<")
		case 1:
			fmt.Fprintln(out, ">")
		default:
			fmt.Fprintln(out, "=")
		}
	}
}
