package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"needlepoint/data/sqlstore"
)

// startPC runs needlepoint with args on a PC of its own (its data and
// configuration folders new), and returns the exit status, the standard
// error, the database the main window opened ("" when none) and the file
// the first start was offered ("" when it was not).
func startPC(t *testing.T, prepare func(local string), args ...string) (code int, stderr, opened, firstStart string) {
	t.Helper()
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	dir, err := dataDir()
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "needlepoint.db")
	if prepare != nil {
		prepare(local)
	}
	var out, errOut bytes.Buffer
	c := cli{stdout: &out, stderr: &errOut,
		runGUI:        func(s *sqlstore.Store, demo bool) { opened = s.Path() },
		runFirstStart: func(l string) int { firstStart = l; return 0 }}
	code = c.run(args)
	return code, errOut.String(), opened, firstStart
}

func TestStartUpFindsThePCDatabase(t *testing.T) {
	t.Run("FirstStartAsks", func(t *testing.T) {
		code, errOut, opened, first := startPC(t, nil)
		if code != 0 || opened != "" || !strings.HasSuffix(first, "needlepoint.db") {
			t.Errorf("exit %d, opened %q, first start %q, stderr %q", code, opened, first, errOut)
		}
	})

	t.Run("ExistingFileCountsAsThisPC", func(t *testing.T) {
		var local string
		code, errOut, opened, first := startPC(t, func(l string) {
			local = l
			s, err := sqlstore.Open(context.Background(), l)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
		})
		if code != 0 || opened != local || first != "" {
			t.Errorf("exit %d, opened %q, first start %q, stderr %q; want %s without asking", code, opened, first, errOut, local)
		}
	})

	t.Run("SettingThisPC", func(t *testing.T) {
		var local string
		code, errOut, opened, first := startPC(t, func(l string) {
			local = l
			if err := savePCSetting(pcSetting{Records: recordsThisPC}); err != nil {
				t.Fatal(err)
			}
		})
		if code != 0 || opened != local || first != "" {
			t.Errorf("exit %d, opened %q, first start %q, stderr %q; want a new %s", code, opened, first, errOut, local)
		}
	})

	t.Run("SettingServer", func(t *testing.T) {
		code, errOut, _, first := startPC(t, func(string) {
			if err := savePCSetting(pcSetting{Records: recordsServer, Server: "postgres://desk:secret@127.0.0.1:1/needlepoint?sslmode=disable"}); err != nil {
				t.Fatal(err)
			}
		})
		if code != 1 || first != "" || !strings.Contains(errOut, "127.0.0.1:1") || strings.Contains(errOut, "secret") {
			t.Errorf("exit %d, first start %q, stderr %q; want the server tried, without a password", code, first, errOut)
		}
	})

	t.Run("DbFlagOverridesSetting", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "clinic.db")
		code, errOut, opened, _ := startPC(t, func(string) {
			savePCSetting(pcSetting{Records: recordsServer, Server: "postgres://desk@127.0.0.1:1/needlepoint"})
		}, "--db", path)
		if code != 0 || opened != path {
			t.Errorf("exit %d, opened %q, stderr %q; want %s", code, opened, errOut, path)
		}
	})

	t.Run("ErrDamagedSetting", func(t *testing.T) {
		code, errOut, opened, first := startPC(t, func(string) {
			path, _ := pcSettingPath()
			os.MkdirAll(filepath.Dir(path), 0o700)
			os.WriteFile(path, []byte(`{"records": "the cloud"}`), 0o600)
		})
		if code != 1 || opened != "" || first != "" || !strings.Contains(errOut, "is damaged") {
			t.Errorf("exit %d, opened %q, first start %q, stderr %q", code, opened, first, errOut)
		}
	})
}

func TestPCSettingKeepsNoPassword(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if err := savePCSetting(pcSetting{Records: recordsServer, Server: "postgres://desk:secret@clinic-server:5432/needlepoint?sslmode=verify-full"}); err != nil {
		t.Fatal(err)
	}
	path, _ := pcSettingPath()
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "secret") {
		t.Errorf("the setting file holds the password:\n%s", b)
	}
	s, ok, err := readPCSetting()
	if got, want := s.Server, "postgres://desk@clinic-server:5432/needlepoint?sslmode=verify-full"; err != nil || !ok || got != want {
		t.Errorf("read %q, %v, %v; want %q", got, ok, err, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the folder holds %d files, want the setting alone", len(entries))
	}
}
