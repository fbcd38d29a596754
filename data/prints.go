package data

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Print is one handout printed or saved from a session.
type Print struct {
	ID        int64
	SessionID int64
	Document  string // e.g. "Aftercare sheet"
	PrintedBy string
	PrintedAt time.Time
}

// RecordPrint notes that a handout was printed or saved from a session.
func (s *Store) RecordPrint(ctx context.Context, sessionID int64, document, by string) (Print, error) {
	p := Print{SessionID: sessionID, Document: strings.TrimSpace(document), PrintedBy: strings.TrimSpace(by), PrintedAt: s.Now()}
	if p.Document == "" || p.PrintedBy == "" {
		return p, Errorf(EINVALID, "A print is recorded with the document's name and who printed it.")
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return p, s.writeError(err)
	}
	defer tx.Rollback()
	if _, err := findSession(ctx, tx, sessionID); err != nil {
		return p, err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO session_prints (session_id, document, printed_by, printed_at)
		VALUES (?, ?, ?, ?) RETURNING id`, sessionID, p.Document, p.PrintedBy, formatTime(p.PrintedAt)).Scan(&p.ID)
	if err != nil {
		return p, s.writeError(err)
	}
	return p, s.writeError(tx.Commit())
}

// SessionPrints lists the handouts printed from a session, oldest first.
func (s *Store) SessionPrints(ctx context.Context, sessionID int64) ([]Print, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, s.readError(err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, session_id, document, printed_by, printed_at
		FROM session_prints WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []Print
	for rows.Next() {
		var (
			p  Print
			at string
		)
		if err := rows.Scan(&p.ID, &p.SessionID, &p.Document, &p.PrintedBy, &at); err != nil {
			return nil, s.readError(err)
		}
		if p.PrintedAt, err = parseTime(at); err != nil {
			return nil, s.readError(err)
		}
		list = append(list, p)
	}
	return list, s.readError(rows.Err())
}
