package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"needlepoint/data"
)

const sessionColumns = `s.id, s.series_id, t.patient_id, s.performed_at, s.practitioner_id,
	s.check_status, s.check_reasons, s.override_reason, s.override_by, s.numbing_product,
	s.numbing_applied, s.numbing_removed, s.device, s.cartridge_lot, s.cartridge_expiry,
	s.product, s.product_lot, s.endpoint, s.reaction, s.comfort, s.duration_minutes, s.notes,
	s.signed_at, s.signed_by, s.created_at, s.updated_at, s.version, s.depth_reason`

const sessionFrom = " FROM sessions s JOIN treatment_series t ON t.id = s.series_id"

// LogSession records a new draft session in an active series and sets its
// ID, check, timestamps and version. The store runs the contraindication
// check itself, on the patient's screening in force and the clinic's rules,
// for the session date: a contraindicated session is refused unless a
// practitioner overrides it with a written reason. It needs the patient's
// signed consent to microneedling, valid on the session's day (ENOCONSENT
// otherwise). A session beyond the
// series' plan is refused until the series is extended; drafts take their
// place in the plan, since each is a treatment given. In the same
// transaction the diary is settled as x.Diary asks (see SessionDiary).
func (s *Store) LogSession(ctx context.Context, x *data.Session) error {
	a, err := s.allowSession(ctx, x)
	if err != nil {
		return err
	}
	var q data.Session
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		ts, err := findSeries(ctx, tx, x.SeriesID)
		if err != nil {
			return err
		}
		if ts.Status != data.SeriesActive {
			return data.Errorf(data.ELOCKED, "This series is %s; start a new series to log more sessions.", ts.Status)
		}
		var done int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sessions WHERE series_id = ?", ts.ID).Scan(&done); err != nil {
			return s.writeError(err)
		}
		if done >= ts.PlannedSessions {
			return data.Errorf(data.EINVALID, "All %d planned sessions of this series are logged; extend the series first.", ts.PlannedSessions)
		}
		q = *x
		q.PatientID = ts.PatientID
		if err := checkSession(ctx, tx, &q); err != nil {
			return err
		}
		consent, err := consentStatus(ctx, tx, q.PatientID, data.ConsentMicroneedling, q.PerformedAt)
		if err != nil {
			return err
		}
		if err := consent.Err(); err != nil {
			return err
		}
		now := s.Now()
		q.CreatedAt, q.UpdatedAt, q.Version = now, now, 1
		reasons, err := json.Marshal(q.Check.Reasons)
		if err != nil {
			return s.writeError(err)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO sessions (series_id, performed_at, practitioner_id,
		check_status, check_reasons, override_reason, override_by, numbing_product,
		numbing_applied, numbing_removed, device, cartridge_lot, cartridge_expiry, product,
		product_lot, endpoint, reaction, comfort, duration_minutes, notes, created_at,
		updated_at, version, depth_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`,
			q.SeriesID, formatTime(q.PerformedAt), q.PractitionerID, string(q.Check.Status),
			string(reasons), q.OverrideReason, nullID(q.OverrideBy), q.NumbingProduct,
			nullTime(q.NumbingApplied), nullTime(q.NumbingRemoved), q.Device, q.CartridgeLot,
			nullDate(q.CartridgeExpiry), q.Product, q.ProductLot, q.Endpoint, q.Reaction, q.Comfort,
			q.DurationMinutes, q.Notes, formatTime(now), formatTime(now), q.Version, q.DepthReason).Scan(&q.ID)
		if err != nil {
			return s.writeError(err)
		}
		if err := insertSessionAreas(ctx, tx, q.ID, q.Areas); err != nil {
			return s.writeError(err)
		}
		if err := s.auditSession(ctx, tx, a, q, data.ActionCreated); err != nil {
			return err
		}
		if err := s.settleDiary(ctx, tx, a, &q); err != nil {
			return err
		}
		return nil
	}); err != nil {
		return err
	}
	*x = q
	return nil
}

// allowSession checks that the signed-in user may log or change x, and may
// override a contraindication if x does, and that x is valid.
func (s *Store) allowSession(ctx context.Context, x *data.Session) (data.Actor, error) {
	a, err := s.allow(ctx, data.PermSessions, x.PatientID)
	if err != nil {
		return a, err
	}
	overrideBySignedIn(x, a)
	if err := s.allowOverride(ctx, a, *x); err != nil {
		return a, err
	}
	return a, x.Validate(s.Now())
}

// overrideBySignedIn makes the signed-in user the one who overrides a
// contraindication when the form does not say who.
func overrideBySignedIn(x *data.Session, a data.Actor) {
	if strings.TrimSpace(x.OverrideReason) != "" && x.OverrideBy == 0 {
		x.OverrideBy = a.StaffID
	}
}

// allowOverride refuses, before anything is written, an override of a
// contraindication by someone who may not override, or in another's name.
func (s *Store) allowOverride(ctx context.Context, a data.Actor, x data.Session) error {
	if strings.TrimSpace(x.OverrideReason) == "" {
		return nil
	}
	if _, err := s.allow(ctx, data.PermOverride, x.PatientID); err != nil {
		return err
	}
	by := x.OverrideBy
	if by == 0 {
		by = x.PractitionerID
	}
	return s.sameStaff(ctx, a, by, "override a contraindication in their own name", x.PatientID)
}

// auditSession writes the audit row of a session logged or changed; an
// override of a contraindication is recorded as such, and a depth outside
// the guide with its reason.
func (s *Store) auditSession(ctx context.Context, tx *sql.Tx, a data.Actor, x data.Session, action data.AuditAction) error {
	e := data.Audit{Action: action, PatientID: x.PatientID, Subject: sessionNote.subject(x.ID)}
	var detail []string
	if x.Check.Status == data.CheckContraindicated && x.OverrideReason != "" {
		e.Action = data.ActionOverride
		detail = append(detail, x.OverrideReason)
	}
	if x.DepthReason != "" {
		detail = append(detail, "depth outside the guide: "+x.DepthReason)
	}
	e.Detail = strings.Join(detail, "; ")
	return s.writeError(s.audit(ctx, tx, a, e))
}

// UpdateSession saves changes to a draft session, running the check again
// for its date. Only the draft's practitioner may change it (EFORBIDDEN for
// anyone else). A signed session is refused with ELOCKED: correct it with
// an addendum.
func (s *Store) UpdateSession(ctx context.Context, x *data.Session) error {
	a, err := s.allowSession(ctx, x)
	if err != nil {
		return err
	}
	var current, q data.Session
	// owner names the practitioner whose draft x is, when it is not the
	// signed-in user's: the refusal is audited after the transaction.
	var owner string
	if err := s.writeTx(ctx, func(tx *sql.Tx) error {
		owner = ""
		current, err = findSession(ctx, tx, x.ID)
		if err != nil {
			return err
		}
		if err := sessionNote.checkDraft(current.Signed(), current.Version, x.Version); err != nil {
			return err
		}
		if a.StaffID != current.PractitionerID {
			m, err := findStaff(ctx, tx, current.PractitionerID)
			if err != nil {
				return s.readError(err)
			}
			owner = m.Name
			return nil
		}
		q = *x
		q.SeriesID, q.PatientID, q.CreatedAt = current.SeriesID, current.PatientID, current.CreatedAt
		q.UpdatedAt, q.Version, q.Addenda = s.Now(), current.Version+1, nil
		if err := checkSession(ctx, tx, &q); err != nil {
			return err
		}
		reasons, err := json.Marshal(q.Check.Reasons)
		if err != nil {
			return s.writeError(err)
		}
		err = updateVersion(ctx, tx, current.Version, sessionNote.stale(), `UPDATE sessions SET performed_at = ?, practitioner_id = ?,
		check_status = ?, check_reasons = ?, override_reason = ?, override_by = ?,
		numbing_product = ?, numbing_applied = ?, numbing_removed = ?, device = ?,
		cartridge_lot = ?, cartridge_expiry = ?, product = ?, product_lot = ?, endpoint = ?,
		reaction = ?, comfort = ?, duration_minutes = ?, notes = ?, depth_reason = ?,
		updated_at = ?, version = ? WHERE id = ?`,
			formatTime(q.PerformedAt), q.PractitionerID, string(q.Check.Status), string(reasons),
			q.OverrideReason, nullID(q.OverrideBy), q.NumbingProduct, nullTime(q.NumbingApplied),
			nullTime(q.NumbingRemoved), q.Device, q.CartridgeLot, nullDate(q.CartridgeExpiry),
			q.Product, q.ProductLot, q.Endpoint, q.Reaction, q.Comfort, q.DurationMinutes, q.Notes,
			q.DepthReason, formatTime(q.UpdatedAt), q.Version, q.ID)
		if err != nil {
			return s.writeError(err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM session_areas WHERE session_id = ?", q.ID); err != nil {
			return s.writeError(err)
		}
		if err := insertSessionAreas(ctx, tx, q.ID, q.Areas); err != nil {
			return s.writeError(err)
		}
		if err := s.auditSession(ctx, tx, a, q, data.ActionChanged); err != nil {
			return err
		}
		return nil
	}); err != nil {
		return err
	}
	if owner != "" {
		return s.refuseOthersDraft(ctx, a, current, owner, "change")
	}
	*x = q
	return nil
}

// SignSession signs a draft session in the name of its practitioner and
// locks it. version must be the version that was read; anyone but the
// session's practitioner is refused with EFORBIDDEN.
func (s *Store) SignSession(ctx context.Context, id, version, practitionerID int64) error {
	a, err := s.allow(ctx, data.PermSign, 0)
	if err != nil {
		return err
	}
	x, owner, err := s.draftOwner(ctx, id)
	if err != nil {
		return err
	}
	// A change of practitioner after this read changes the version too,
	// which sign refuses.
	if !x.Signed() && x.Version == version && x.PractitionerID != practitionerID {
		return s.refuseOthersDraft(ctx, a, x, owner, "sign")
	}
	return s.sign(ctx, sessionNote, id, version, practitionerID)
}

// draftOwner reads a session and the name of its practitioner.
func (s *Store) draftOwner(ctx context.Context, id int64) (data.Session, string, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Session{}, "", err
	}
	defer tx.Rollback()
	x, err := findSession(ctx, tx, id)
	if err != nil {
		return x, "", s.readError(err)
	}
	owner, err := findStaff(ctx, tx, x.PractitionerID)
	return x, owner.Name, s.readError(err)
}

// refuseOthersDraft refuses, and audits, an attempt to change or sign
// (act) a draft session by anyone but its practitioner, who answers for
// what it says.
func (s *Store) refuseOthersDraft(ctx context.Context, a data.Actor, x data.Session, owner, act string) error {
	refusal := data.Errorf(data.EFORBIDDEN, "This draft session is %s's: only they can change or sign it. Ask them to sign in and finish it.", owner)
	e := data.Audit{Action: data.ActionRefused, PatientID: x.PatientID, Subject: sessionNote.subject(x.ID), Detail: act + " another practitioner's draft session"}
	if err := s.auditAlone(ctx, a, e); err != nil {
		return fmt.Errorf("%w (and the refusal could not be written to the audit trail: %v)", refusal, err)
	}
	return refusal
}

// AddSessionAddendum adds a correction to a signed session, keeping the
// original as it was.
func (s *Store) AddSessionAddendum(ctx context.Context, sessionID, authorID int64, reason, text string) (data.Addendum, error) {
	return s.addAddendum(ctx, sessionNote, sessionID, authorID, reason, text)
}

// LatestSessionID returns the most recent session on file, ENOTFOUND when
// there is none.
func (s *Store) LatestSessionID(ctx context.Context) (int64, error) {
	if _, err := s.reader(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT id FROM sessions ORDER BY performed_at DESC, id DESC LIMIT 1").Scan(&id)
	return id, s.readError(notFound(err, "A logged session"))
}

// Session returns a session with its areas and addenda.
func (s *Store) Session(ctx context.Context, id int64) (data.Session, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return data.Session{}, err
	}
	defer tx.Rollback()
	x, err := findSession(ctx, tx, id)
	if err != nil {
		return data.Session{}, s.readError(err)
	}
	x.Addenda, err = sessionNote.addendaOf(ctx, tx, id)
	return x, s.readError(err)
}

// SeriesSessions returns the sessions of a series, oldest first, each with
// its areas and addenda.
func (s *Store) SeriesSessions(ctx context.Context, seriesID int64) ([]data.Session, error) {
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	list, err := findSeriesSessions(ctx, tx, seriesID)
	if err != nil {
		return nil, s.readError(err)
	}
	for i := range list {
		if list[i].Addenda, err = sessionNote.addendaOf(ctx, tx, list[i].ID); err != nil {
			return nil, s.readError(err)
		}
	}
	return list, nil
}

// checkSession checks the practitioner and runs the contraindication check
// for the session date, refusing a contraindicated session without a
// practitioner's written override.
func checkSession(ctx context.Context, tx *sql.Tx, x *data.Session) error {
	if err := checkTreatable(ctx, tx, x.PatientID); err != nil {
		return err
	}
	if _, err := findClinician(ctx, tx, x.PractitionerID); err != nil {
		return err
	}
	screenings, err := findScreenings(ctx, tx, x.PatientID)
	if err != nil {
		return err
	}
	var latest *data.Screening
	if len(screenings) > 0 {
		latest = &screenings[0]
	}
	rules, err := readClinicRules(ctx, tx)
	if err != nil {
		return err
	}
	x.Check = data.Check(latest, x.Day(), rules)
	x.DepthReason = strings.TrimSpace(x.DepthReason)
	if len(x.DepthWarnings()) == 0 {
		x.DepthReason = ""
	}
	x.OverrideReason = strings.TrimSpace(x.OverrideReason)
	if x.OverrideReason == "" {
		x.OverrideBy = 0
		if x.Check.Status == data.CheckContraindicated {
			var msgs []string
			for _, r := range x.Check.Reasons {
				if r.Status == data.CheckContraindicated {
					msgs = append(msgs, r.Message)
				}
			}
			return &data.Error{Code: data.EFORBIDDEN, Message: "Treatment is contraindicated: " + strings.Join(msgs, " ") +
				" A practitioner may override this with a written reason.",
				Fields: []data.FieldError{{Field: data.FieldOverrideReason, Message: "Write why you treat in spite of the contraindication."}}}
		}
		return nil
	}
	if x.OverrideBy == 0 {
		x.OverrideBy = x.PractitionerID
	}
	by, err := findClinician(ctx, tx, x.OverrideBy)
	if err != nil {
		return err
	}
	if by.Role != data.RolePractitioner {
		return data.Errorf(data.EFORBIDDEN, "Only a practitioner can override a contraindication; %s is %s staff.", by.Name, strings.ToLower(by.Role.Label()))
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertSessionAreas(ctx context.Context, tx *sql.Tx, sessionID int64, areas []data.SessionArea) error {
	for i, a := range areas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO session_areas (session_id, position, area,
			depth, passes) VALUES (?, ?, ?, ?, ?)`, sessionID, i+1, string(a.Area), int(a.Depth), a.Passes); err != nil {
			return err
		}
	}
	return nil
}

func findSession(ctx context.Context, tx *sql.Tx, id int64) (data.Session, error) {
	x, err := scanSession(tx.QueryRowContext(ctx, "SELECT "+sessionColumns+sessionFrom+" WHERE s.id = ?", id))
	if err != nil {
		return x, notFound(err, "The session")
	}
	x.Areas, err = sessionAreas(ctx, tx, id)
	return x, err
}

// findSeriesSessions returns the sessions of a series with their areas,
// oldest first.
func findSeriesSessions(ctx context.Context, tx *sql.Tx, seriesID int64) ([]data.Session, error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+sessionColumns+sessionFrom+
		" WHERE s.series_id = ? ORDER BY s.performed_at, s.id", seriesID)
	if err != nil {
		return nil, err
	}
	var list []data.Session
	for rows.Next() {
		x, err := scanSession(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range list {
		if list[i].Areas, err = sessionAreas(ctx, tx, list[i].ID); err != nil {
			return nil, err
		}
	}
	return list, nil
}

func scanSession(row interface{ Scan(...any) error }) (data.Session, error) {
	var (
		x                                  data.Session
		status, reasons, performedAt       string
		createdAt, updatedAt               string
		overrideBy, signedBy               sql.NullInt64
		applied, removed, expiry, signedAt sql.NullString
	)
	err := row.Scan(&x.ID, &x.SeriesID, &x.PatientID, &performedAt, &x.PractitionerID, &status,
		&reasons, &x.OverrideReason, &overrideBy, &x.NumbingProduct, &applied, &removed, &x.Device,
		&x.CartridgeLot, &expiry, &x.Product, &x.ProductLot, &x.Endpoint, &x.Reaction, &x.Comfort,
		&x.DurationMinutes, &x.Notes, &signedAt, &signedBy, &createdAt, &updatedAt, &x.Version,
		&x.DepthReason)
	if err != nil {
		return x, err
	}
	x.Check.Status, x.OverrideBy, x.SignedBy = data.CheckStatus(status), overrideBy.Int64, signedBy.Int64
	if reasons != "" && reasons != "null" {
		if err := json.Unmarshal([]byte(reasons), &x.Check.Reasons); err != nil {
			return x, err
		}
	}
	for _, t := range []struct {
		dst *time.Time
		src string
	}{
		{&x.PerformedAt, performedAt}, {&x.NumbingApplied, applied.String},
		{&x.NumbingRemoved, removed.String}, {&x.SignedAt, signedAt.String},
		{&x.CreatedAt, createdAt}, {&x.UpdatedAt, updatedAt},
	} {
		if *t.dst, err = parseTime(t.src); err != nil {
			return x, err
		}
	}
	x.CartridgeExpiry, err = parseDate(expiry)
	return x, err
}

func sessionAreas(ctx context.Context, tx *sql.Tx, sessionID int64) ([]data.SessionArea, error) {
	rows, err := tx.QueryContext(ctx, `SELECT area, depth, passes FROM session_areas
		WHERE session_id = ? ORDER BY position`, sessionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []data.SessionArea
	for rows.Next() {
		var (
			a     data.SessionArea
			area  string
			depth int
		)
		if err := rows.Scan(&area, &depth, &a.Passes); err != nil {
			return nil, err
		}
		a.Area, a.Depth = data.Area(area), data.Depth(depth)
		list = append(list, a)
	}
	return list, rows.Err()
}
