package sqlstore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"needlepoint/data"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// The fields of a server login that TryServer's errors point to, so a form
// can put the cursor where the mistake is.
const (
	FieldServer      = "server"
	FieldDatabase    = "database"
	FieldLogin       = "login"
	FieldCertificate = "certificate"
)

// TryServer connects once to the PostgreSQL database at address, with
// password when it is not empty (otherwise with what PGPASSWORD or the
// .pgpass file give, as the store would), and closes the connection. Its
// error says in plain words what to fix, with the field at fault.
func TryServer(ctx context.Context, address, password string) error {
	if err := checkRootCert(address); err != nil {
		return err
	}
	cfg, err := pgx.ParseConfig(address)
	if err != nil {
		return wrapf(err, data.EINVALID, "Needlepoint does not understand the server's address %s.", serverName(address))
	}
	if password != "" {
		cfg.Password = password
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = pgConnectTimeout
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		err = conn.Ping(ctx)
		conn.Close(context.Background())
	}
	if err == nil {
		return nil
	}
	field, text := loginProblem(err, cfg)
	return &data.Error{Code: data.EINVALID, Message: text, Err: err,
		Fields: []data.FieldError{{Field: field, Message: text}}}
}

// checkRootCert checks that the CA certificate an address names
// (sslrootcert) can be read and holds a certificate, before pgx reads it
// and answers in its own words.
func checkRootCert(address string) error {
	u, err := url.Parse(address)
	if err != nil {
		return nil
	}
	path := u.Query().Get("sslrootcert")
	if path == "" || path == "system" {
		return nil
	}
	fail := func(cause error, text string) error {
		return &data.Error{Code: data.EINVALID, Message: text, Err: cause,
			Fields: []data.FieldError{{Field: FieldCertificate, Message: text}}}
	}
	pem, err := os.ReadFile(path)
	if err != nil {
		return fail(err, fmt.Sprintf("The clinic's certificate file %s cannot be read. Choose the file the clinic's administrator gave you.", path))
	}
	if !x509.NewCertPool().AppendCertsFromPEM(pem) {
		return fail(nil, fmt.Sprintf("%s holds no certificate Needlepoint can read. Choose the clinic's CA certificate (a .crt or .pem file).", path))
	}
	return nil
}

// loginProblem explains why a connection to the server failed, and names
// the field to correct.
func loginProblem(err error, cfg *pgx.ConnConfig) (field, text string) {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "28P01":
			return FieldLogin, fmt.Sprintf("The server refused the user name %s or its password. Check both and try again.", cfg.User)
		case "28000":
			return FieldLogin, fmt.Sprintf("The server does not let %s in from this PC with this kind of connection (%s). Ask the clinic's administrator to allow it, or choose the security they set up.", cfg.User, pgErr.Message)
		case "3D000":
			return FieldDatabase, fmt.Sprintf("The server has no database called %s. Check its name with the clinic's administrator.", cfg.Database)
		}
		return FieldServer, fmt.Sprintf("The server refused the connection: %s.", pgErr.Message)
	}
	if text, ok := certificateProblem(err, cfg.Host); ok {
		return FieldCertificate, text
	}
	return FieldServer, fmt.Sprintf("The server %s does not answer on port %d. Check its name and port, that it is running, and that this PC is on the clinic's network.", cfg.Host, cfg.Port)
}

// certificateProblem explains a failure of the encryption: a server
// certificate that could not be checked, or a server that does not
// encrypt.
func certificateProblem(err error, host string) (string, bool) {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		header   tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &unknown):
		return "The server's certificate is not signed by the clinic's certificate chosen here, so Needlepoint cannot tell that it is the clinic's server. Choose the CA certificate the clinic's administrator gave you.", true
	case errors.As(err, &hostname):
		return fmt.Sprintf("The server's certificate is made out to another name than %s. Type the server's name exactly as its certificate has it (ask the clinic's administrator).", host), true
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return "The server's certificate has expired, or this PC's clock is wrong. Check the date on this PC, or ask the clinic's administrator to renew the certificate.", true
	case errors.As(err, &invalid):
		return "The server's certificate cannot be trusted: " + invalid.Error() + ".", true
	case errors.As(err, &header), strings.Contains(err.Error(), "server refused TLS connection"):
		return "The server does not accept encrypted connections. Ask the clinic's administrator to turn encryption on for it.", true
	}
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return "The server's certificate cannot be trusted: " + verify.Err.Error() + ".", true
	}
	return "", false
}
