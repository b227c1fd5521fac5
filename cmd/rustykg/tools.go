package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// rustykg runs a companion program, kept out of its own binary because
// what it links is costly: rustykg-render (go-graphviz, whose init
// compiles WebAssembly) draws pictures. "go install rustykg/cmd/..."
// installs both side by side. (Raw queries run in a re-exec of rustykg
// itself: see query.go.)

// findTool finds the companion program name: at $env when set, then next
// to the running executable (where "go install rustykg/cmd/..." puts it),
// then on $PATH.
func findTool(name, env string) (string, error) {
	if p := os.Getenv(env); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s=%s: %w", env, p, err)
		}
		return p, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found; install it with: go install rustykg/cmd/... (or set %s to its path)", name, env)
}
