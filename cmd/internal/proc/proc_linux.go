package proc

import (
	"os/exec"
	"syscall"
)

// setProcAttr puts the child in a process group of its own and asks the
// kernel to kill it when the parent dies.
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Setpgid:   true,
		Pdeathsig: syscall.SIGKILL,
	}
}

// killGroup kills the child's whole process group. It is safe to call
// after the child has exited.
func killGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	// The group's ID is the child's PID (Setpgid with Pgid 0).
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
