package rawquery

import "syscall"

// capMemory caps this process's memory at n bytes: the kernel refuses
// data mappings past n (RLIMIT_DATA), and the Go runtime collects garbage
// harder from three quarters of n on (its soft memory limit), so a query
// that merely churns memory is not stopped early. Past the cap the runtime
// dies with "fatal error: runtime: out of memory", which the parent
// reports as queries.ErrQueryMemory. See softLimit for the pacing.
//
// RLIMIT_AS does not work for a Go program: the runtime reserves far more
// address space than it uses (a 512 MiB RLIMIT_AS fails the first
// allocation), while RLIMIT_DATA counts only mappings the runtime has
// actually made writable (measured with Go 1.26 on Linux 6.x: a 512 MiB
// RLIMIT_DATA stops a program that keeps allocating at about 420 MiB of
// live heap).
func capMemory(n int64) error {
	softLimit(n - n/4)
	var cur syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_DATA, &cur); err != nil {
		return err
	}
	lim := uint64(n)
	if cur.Max < lim {
		lim = cur.Max // never try to raise the hard limit
	}
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: lim, Max: lim})
}
