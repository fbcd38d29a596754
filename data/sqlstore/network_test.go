package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"needlepoint/data"
	"needlepoint/data/datatest"
)

// cuttingProxy stands between a PC and the test server, and cuts every
// connection at once and refuses new ones, as a failing network would,
// until it is restored.
type cuttingProxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	conns  []net.Conn
	down   bool
}

func newCuttingProxy(t *testing.T) *cuttingProxy {
	t.Helper()
	host, port := os.Getenv("PGHOST"), os.Getenv("PGPORT")
	if host == "" || strings.HasPrefix(host, "/") {
		t.Skip("the test server is not reached over TCP")
	}
	if port == "" {
		port = "5432"
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttingProxy{ln: ln, target: net.JoinHostPort(host, port)}
	go p.serve()
	t.Cleanup(func() {
		ln.Close()
		p.cut()
	})
	return p
}

func (p *cuttingProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		server, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, server)
		p.mu.Unlock()
		go io.Copy(server, c)
		go io.Copy(c, server)
	}
}

// cut closes every connection through the proxy and refuses new ones.
func (p *cuttingProxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore lets connections through again.
func (p *cuttingProxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
}

// address is the address of database name through the proxy.
func (p *cuttingProxy) address(name string) string {
	return fmt.Sprintf("postgres://%s/%s", p.ln.Addr(), name)
}

// TestNetworkFailsNothingLost: when the network to the server fails, in
// the middle of a transaction too, the PC is told at once, a save is
// refused in words within seconds instead of hanging, nothing is half
// written and the audit chain stays whole; when the network is back the
// PC carries on by itself and hears what others saved meanwhile.
func TestNetworkFailsNothingLost(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("only a server database can be out of reach")
	}
	ctx := context.Background()
	proxy := newCuttingProxy(t)
	name := strings.TrimPrefix(pgAddress(t), "postgres:///")
	room := openAnyPath(t, proxy.address(name))
	desk := openAnyPath(t, "postgres:///"+name)
	reach := make(chan time.Time, 10)
	room.Reach(func(lost time.Time) { reach <- lost })
	heard := make(chan []data.Change, 10)
	watching, stop := context.WithCancel(ctx)
	defer stop()
	room.Watch(watching, func(c []data.Change) { heard <- c })

	err := room.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('cut_test', 'half')"); err != nil {
			return err
		}
		proxy.cut()
		_, err := tx.ExecContext(ctx, "UPDATE settings SET value = 'whole' WHERE key = 'cut_test'")
		return err
	})
	if got := data.ErrorCode(err); got != data.EUNREACHABLE {
		t.Fatalf("a write cut in the middle: %v (code %q), want EUNREACHABLE", err, got)
	}
	if !strings.Contains(data.ErrorMessage(err), "Cannot reach the clinic server ("+proxy.ln.Addr().String()+"): nothing was saved") {
		t.Errorf("message = %q", data.ErrorMessage(err))
	}
	select {
	case lost := <-reach:
		if lost.IsZero() {
			t.Fatal("the server was reported back before it was lost")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the lost server was not reported")
	}

	p := datatest.ValidPatient()
	start := time.Now()
	err = room.CreatePatient(ctx, &p)
	if got := data.ErrorCode(err); got != data.EUNREACHABLE {
		t.Fatalf("saving with the server out of reach: %v, want EUNREACHABLE", err)
	}
	if waited := time.Since(start); waited > 15*time.Second {
		t.Errorf("the refused save took %v, want it within the connection deadline", waited)
	}

	meanwhile := datatest.ValidPatient()
	meanwhile.FirstName = "Ada"
	if err := desk.CreatePatient(ctx, &meanwhile); err != nil {
		t.Fatal(err)
	}
	proxy.restore()
	select {
	case back := <-reach:
		if !back.IsZero() {
			t.Fatalf("reach reported %v, want the server back", back)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the server was not reported back")
	}
	if c := nextChanges(t, heard); len(c) != 1 || c[0].PatientID != meanwhile.ID {
		t.Errorf("heard %+v after the network came back, want the patient saved meanwhile", c)
	}
	if err := room.CreatePatient(ctx, &p); err != nil {
		t.Fatalf("saving once the server answers again: %v", err)
	}
	if got := readSetting(t, desk, "cut_test"); got != "" {
		t.Errorf("the cut transaction left %q behind", got)
	}
	verdict, err := desk.VerifyAudit(ctx)
	if err != nil || !verdict.OK() {
		t.Errorf("audit chain after the failure: %+v, %v", verdict, err)
	}
}

// TestServerStoppedAndStarted: the test server itself is stopped in the
// middle of the suite and started again. The PC hears that it is gone,
// refuses a save in words instead of hanging, and carries on by itself
// once the server is back, its audit chain whole.
func TestServerStoppedAndStarted(t *testing.T) {
	if testEngine != "postgres" {
		t.Skip("only a server database can be out of reach")
	}
	version := os.Getenv("PGVERSION")
	if version == "" || os.Getenv("PG_CLUSTER_CONF_ROOT") == "" {
		t.Skip("the test server was not made by pg_virtualenv, so the test cannot stop it")
	}
	ctl := func(action string) {
		t.Helper()
		if out, err := exec.Command("pg_ctlcluster", version, "regress", action).CombinedOutput(); err != nil {
			t.Fatalf("pg_ctlcluster %s: %v\n%s", action, err, out)
		}
	}
	ctx := context.Background()
	s := mustOpen(t)
	reach := make(chan time.Time, 10)
	s.Reach(func(lost time.Time) { reach <- lost })
	watching, stop := context.WithCancel(ctx)
	defer stop()
	s.Watch(watching, func([]data.Change) {})

	ctl("stop")
	stopped := true
	defer func() {
		if stopped {
			ctl("start")
		}
	}()
	select {
	case lost := <-reach:
		if lost.IsZero() {
			t.Fatal("the server was reported back while it was stopped")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the stopped server was not reported")
	}
	p := datatest.ValidPatient()
	if err := s.CreatePatient(ctx, &p); data.ErrorCode(err) != data.EUNREACHABLE {
		t.Fatalf("saving with the server stopped: %v, want EUNREACHABLE", err)
	}

	ctl("start")
	stopped = false
	select {
	case back := <-reach:
		if !back.IsZero() {
			t.Fatalf("reach reported %v, want the server back", back)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the restarted server was not reported back")
	}
	if err := s.CreatePatient(ctx, &p); err != nil {
		t.Fatalf("saving once the server is back: %v", err)
	}
	if verdict, err := s.VerifyAudit(ctx); err != nil || !verdict.OK() {
		t.Errorf("audit chain after the restart: %+v, %v", verdict, err)
	}
}
