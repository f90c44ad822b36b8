package reliability

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"vmfleet.dev/vmfleet/internal/cli"
	"vmfleet.dev/vmfleet/internal/program"
)

// asVmfleet makes the test binary run as the vmfleet binary (cmd/vmfleet's
// main: the CLI, or with no arguments and stdin a KRM function), so tests
// run the whole program in a process of its own without building it.
const asVmfleet = "VMFLEET_TEST_AS_VMFLEET"

// memReport, in the child, names a file that receives its peak memory.
const memReport = "VMFLEET_TEST_MEM_REPORT"

func TestMain(m *testing.M) {
	if os.Getenv(asVmfleet) == "1" {
		code := program.Main(cli.StdIO(), os.Args[1:])
		if p := os.Getenv(memReport); p != "" {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			report := fmt.Sprintf("%s heap-sys=%d total-alloc=%d", vmHWM(), ms.HeapSys, ms.TotalAlloc)
			_ = os.WriteFile(p, []byte(report), 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// vmHWM is the process's peak resident set size, from /proc/self/status.
func vmHWM() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "vmhwm=unknown"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			return "vmhwm=" + strings.Join(strings.Fields(v), "")
		}
	}
	return "vmhwm=unknown"
}

// process is what a vmfleet process did, and what it cost.
type process struct {
	result
	elapsed time.Duration
	memory  string // vmhwm=…kB heap-sys=… total-alloc=…
}

// runProcess runs vmfleet as a process of its own with stdin and extra
// environment, and measures it.
func runProcess(t testing.TB, stdin []byte, env []string, args ...string) process {
	t.Helper()
	mem := filepath.Join(t.TempDir(), "mem")
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), asVmfleet+"=1", memReport+"="+mem), env...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	code := 0
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("vmfleet %v: %v", args, err)
		}
		code = exit.ExitCode()
	}
	report, _ := os.ReadFile(mem)
	return process{result: result{code: code, stdout: out.String(), stderr: errb.String()}, elapsed: elapsed, memory: string(report)}
}
