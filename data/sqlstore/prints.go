package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"needlepoint/data"
)

// RecordPrint notes that a handout was printed or saved from a session, by
// the signed-in user.
func (s *Store) RecordPrint(ctx context.Context, sessionID int64, document string) (data.Print, error) {
	a, err := s.allow(ctx, data.PermPrint, 0)
	if err != nil {
		return data.Print{}, err
	}
	p := data.Print{SessionID: sessionID, Document: strings.TrimSpace(document), PrintedBy: a.Name, PrintedAt: s.Now()}
	if p.Document == "" {
		return p, data.Errorf(data.EINVALID, "A print is recorded with the document's name.")
	}
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		x, err := findSession(ctx, tx, sessionID)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO session_prints (session_id, document, printed_by, printed_at)
		VALUES (?, ?, ?, ?) RETURNING id`, sessionID, p.Document, p.PrintedBy, formatTime(p.PrintedAt)).Scan(&p.ID)
		if err != nil {
			return s.writeError(err)
		}
		e := data.Audit{Action: data.ActionPrinted, PatientID: x.PatientID, Subject: sessionNote.subject(sessionID), Detail: p.Document}
		if err := s.audit(ctx, tx, a, e); err != nil {
			return s.writeError(err)
		}
		return nil
	})
	if err != nil {
		return p, err
	}
	return p, nil
}

// RecordPrinted writes to the audit trail that the signed-in user printed
// or saved document, about a patient or, with patientID 0, about many (a
// day sheet). Prints of a session use RecordPrint, which also lists them
// with the session.
func (s *Store) RecordPrinted(ctx context.Context, patientID int64, document string) error {
	a, err := s.allow(ctx, data.PermPrint, patientID)
	if err != nil {
		return err
	}
	return s.auditAlone(ctx, a, data.Audit{Action: data.ActionPrinted, PatientID: patientID, Detail: document})
}

// SessionPrints lists the handouts printed from a session, oldest first.
func (s *Store) SessionPrints(ctx context.Context, sessionID int64) ([]data.Print, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, session_id, document, printed_by, printed_at
		FROM session_prints WHERE session_id = ? ORDER BY id`, sessionID)
	if err != nil {
		return nil, s.readError(err)
	}
	defer rows.Close()
	var list []data.Print
	for rows.Next() {
		var (
			p  data.Print
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

// RecordExported writes to the audit trail that the signed-in user
// exported document, a list of patients such as the recall list's call
// list, out of Needlepoint.
func (s *Store) RecordExported(ctx context.Context, document string) error {
	a, err := s.allow(ctx, data.PermRecall, 0)
	if err != nil {
		return err
	}
	return s.auditAlone(ctx, a, data.Audit{Action: data.ActionExported, Detail: document})
}
