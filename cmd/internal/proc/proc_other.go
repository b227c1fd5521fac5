//go:build !linux

package proc

import "os/exec"

// setProcAttr does nothing outside Linux: there is no Pdeathsig; the child
// is still killed when ctx ends.
func setProcAttr(cmd *exec.Cmd) {}

// killGroup kills the child itself.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}
