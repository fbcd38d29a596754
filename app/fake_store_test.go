package app

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"needlepoint/data"
	"needlepoint/data/sqlstore"
)

// fakeStore is an in-memory PatientStore that records what the screens ask
// of it.
type fakeStore struct {
	clinicalRecords
	mu         sync.Mutex
	patients   map[int64]data.Patient
	nextID     int64
	duplicates []data.Duplicate
	calls      []string
	archived   map[int64]string
}

func newFakeStore(patients ...data.Patient) *fakeStore {
	f := &fakeStore{patients: map[int64]data.Patient{}, archived: map[int64]string{}}
	for _, p := range patients {
		f.nextID++
		p.ID, p.Version = f.nextID, 1
		f.patients[p.ID] = p
	}
	return f
}

func (f *fakeStore) record(call string) {
	f.calls = append(f.calls, call)
}

// called reports how many times the named method was called.
func (f *fakeStore) called(name string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.calls {
		if c == name {
			n++
		}
	}
	return n
}

func (f *fakeStore) Path() string { return "/clinic/needlepoint.db" }

func (f *fakeStore) Search(_ context.Context, query string, _ data.DateOrder) ([]data.PatientSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("Search")
	var out []data.PatientSummary
	for id := int64(1); id <= f.nextID; id++ {
		p, ok := f.patients[id]
		if ok && strings.Contains(data.Fold(p.FirstName+" "+p.LastName), data.Fold(strings.TrimSpace(query))) {
			out = append(out, p.Summary())
		}
	}
	return out, nil
}

func (f *fakeStore) Patient(_ context.Context, id int64) (data.Patient, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("Patient")
	p, ok := f.patients[id]
	if !ok {
		return p, data.Errorf(data.ENOTFOUND, "The patient was not found.")
	}
	return p, nil
}

func (f *fakeStore) ViewPatient(ctx context.Context, id int64) (data.Patient, error) {
	f.mu.Lock()
	f.record("ViewPatient")
	f.mu.Unlock()
	return f.Patient(ctx, id)
}

func (f *fakeStore) CreatePatient(_ context.Context, p *data.Patient) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("CreatePatient")
	f.nextID++
	p.ID, p.Version = f.nextID, 1
	p.PhoneE164 = data.PhoneE164(p.Phone, data.DefaultCountry)
	f.patients[p.ID] = *p
	return nil
}

func (f *fakeStore) UpdatePatient(_ context.Context, p *data.Patient) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("UpdatePatient")
	if f.patients[p.ID].Version != p.Version {
		return data.Errorf(data.ECONFLICT, "changed on another computer")
	}
	p.Version++
	p.PhoneE164 = data.PhoneE164(p.Phone, data.DefaultCountry)
	f.patients[p.ID] = *p
	return nil
}

func (f *fakeStore) ArchivePatient(_ context.Context, id, _ int64, reason string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("ArchivePatient")
	f.archived[id] = reason
	return nil
}

func (f *fakeStore) RestorePatient(_ context.Context, id, _ int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("RestorePatient")
	delete(f.archived, id)
	return nil
}

func (f *fakeStore) FindDuplicates(context.Context, data.Patient) ([]data.Duplicate, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("FindDuplicates")
	return f.duplicates, nil
}

func (f *fakeStore) CountPatients(context.Context) (data.PatientCounts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.record("CountPatients")
	return data.PatientCounts{Active: len(f.patients)}, nil
}

// clinicalRecords is the read-only clinical part of the fake store.
type clinicalRecords struct {
	fakeConsents
	screening     *data.Screening
	consultations []data.Consultation
	series        []data.TreatmentSeries
	sessions      map[int64][]data.Session
	staff         []data.StaffMember
	writes        []string
	proposal      data.Proposal
	warnings      []string
	appointments  []data.Appointment
	// diary is what the diary shows, whatever the day.
	diary []data.Appointment
	// recallList is the list of patients to call.
	recallList   []data.RecallEntry
	bookings     data.SessionBookings
	logged       []data.Session
	schema       []sqlstore.SchemaProblem
	photos       []data.Photo
	photoImages  map[int64][]byte
	photoConsent data.PhotoConsent
	// me is who is signed in; nil for testAdminActor, who may do
	// everything.
	me *data.Actor
	// noAccounts makes the database a new one, nobody able to sign in.
	noAccounts bool
	// country is the clinic's, "" when its details were never saved.
	country string
	// watchers are the functions Watch was given, reach the one Reach was.
	watchers []func([]data.Change)
	reach    func(time.Time)
}

// Watch keeps fn, for otherComputer to call.
func (c *clinicalRecords) Watch(_ context.Context, fn func([]data.Change)) {
	c.watchers = append(c.watchers, fn)
}

// Reach keeps fn, for serverReach to call.
func (c *clinicalRecords) Reach(fn func(time.Time)) { c.reach = fn }

// otherComputer plays changes saved on another computer to the watchers,
// as the store's Watch does.
func (c *clinicalRecords) otherComputer(changes ...data.Change) {
	for _, fn := range c.watchers {
		fn(changes)
	}
}

// testAdminActor is who the fake store has signed in unless a test says.
var testAdminActor = data.Actor{StaffID: 1, Name: "Dr Amara Okafor", Role: data.RoleAdmin, Username: "amara"}

func (c *clinicalRecords) Actor() (data.Actor, bool) {
	if c.me != nil {
		return *c.me, true
	}
	return testAdminActor, true
}

func (c *clinicalRecords) HasAccounts(context.Context) (bool, error) { return !c.noAccounts, nil }

func (c *clinicalRecords) ClinicCountry(context.Context) (string, error) { return c.country, nil }

func (c *clinicalRecords) SetUpClinic(_ context.Context, _ data.ClinicDetails, name, username, _ string) (data.Actor, error) {
	c.note("SetUpClinic " + username)
	a := data.Actor{StaffID: 1, Name: name, Role: data.RoleAdmin, Username: username}
	c.me = &a
	return a, nil
}

// SignIn accepts any username with the password "Right-pass1".
func (c *clinicalRecords) SignIn(_ context.Context, username, password string) (data.Actor, error) {
	c.note("SignIn " + username)
	if password != "Right-pass1" {
		return data.Actor{}, data.Errorf(data.EFORBIDDEN, "The username or password is not right.")
	}
	a := data.Actor{StaffID: 2, Name: "Signed In " + username, Role: data.RoleReception, Username: username}
	if username == testAdminActor.Username {
		a = testAdminActor
	}
	c.me = &a
	return a, nil
}

func (c *clinicalRecords) SignOut(context.Context) error {
	c.note("SignOut")
	return nil
}

func (c *clinicalRecords) ChangePassword(context.Context, string, string) error {
	c.note("ChangePassword")
	return nil
}

func (c *clinicalRecords) IdleLockMinutes(context.Context) (int, error) {
	return data.DefaultIdleLockMinutes, nil
}

func (c *clinicalRecords) SaveIdleLockMinutes(_ context.Context, n int) error {
	c.note("SaveIdleLockMinutes")
	return nil
}

func (c *clinicalRecords) Accounts(context.Context) ([]data.Account, error) { return nil, nil }

func (c *clinicalRecords) ConfirmAccount(_ context.Context, staffID int64) error {
	c.note(fmt.Sprint("ConfirmAccount ", staffID))
	return nil
}

func (c *clinicalRecords) SchemaProblems() []sqlstore.SchemaProblem { return c.schema }

func (c *clinicalRecords) RepairSchema(context.Context) ([]sqlstore.SchemaProblem, error) {
	c.note("RepairSchema")
	repaired := c.schema
	c.schema = nil
	return repaired, nil
}

func (c *clinicalRecords) SetAccount(_ context.Context, _ int64, username, _ string) error {
	c.note("SetAccount " + username)
	return nil
}

func (c *clinicalRecords) AuditTrail(context.Context, data.AuditFilter) ([]data.Audit, error) {
	return nil, nil
}

func (c *clinicalRecords) ExportAudit(context.Context, data.AuditFilter, io.Writer) error {
	c.note("ExportAudit")
	return nil
}

func (c *clinicalRecords) VerifyAudit(context.Context) (data.AuditVerdict, error) {
	return data.AuditVerdict{}, nil
}

func (c *clinicalRecords) RecordPrinted(_ context.Context, _ int64, document string) error {
	c.note("RecordPrinted " + document)
	return nil
}

func (c *clinicalRecords) RecordExported(_ context.Context, document string) error {
	c.note("RecordExported " + document)
	return nil
}

func (c *clinicalRecords) LatestScreening(context.Context, int64) (*data.Screening, error) {
	return c.screening, nil
}

func (c *clinicalRecords) ClinicRules(context.Context) (data.ClinicRules, error) {
	return data.DefaultClinicRules(), nil
}

func (c *clinicalRecords) Consultations(context.Context, int64) ([]data.Consultation, error) {
	return c.consultations, nil
}

func (c *clinicalRecords) PatientSeries(context.Context, int64) ([]data.TreatmentSeries, error) {
	return c.series, nil
}

func (c *clinicalRecords) SeriesSessions(_ context.Context, seriesID int64) ([]data.Session, error) {
	return c.sessions[seriesID], nil
}

func (c *clinicalRecords) Staff(context.Context, bool) ([]data.StaffMember, error) {
	return c.staff, nil
}

// The write side of the clinical record: the fake records each call.

func (c *clinicalRecords) note(call string) { c.writes = append(c.writes, call) }

func (c *clinicalRecords) CreateConsultation(_ context.Context, x *data.Consultation) error {
	c.note("CreateConsultation")
	return nil
}

func (c *clinicalRecords) UpdateConsultation(context.Context, *data.Consultation) error {
	c.note("UpdateConsultation")
	return nil
}

func (c *clinicalRecords) SignConsultation(context.Context, int64, int64, int64) error {
	c.note("SignConsultation")
	return nil
}

func (c *clinicalRecords) AddConsultationAddendum(_ context.Context, id, author int64, reason, text string) (data.Addendum, error) {
	c.note("AddConsultationAddendum " + reason + ": " + text)
	return data.Addendum{}, nil
}

func (c *clinicalRecords) CreateStaffMember(context.Context, *data.StaffMember) error {
	c.note("CreateStaffMember")
	return nil
}

func (c *clinicalRecords) UpdateStaffMember(context.Context, *data.StaffMember) error {
	c.note("UpdateStaffMember")
	return nil
}

func (c *clinicalRecords) CreateSeries(_ context.Context, ts *data.TreatmentSeries) error {
	c.note(fmt.Sprintf("CreateSeries from consultation %d, reason %q", ts.ConsultationID, ts.RepeatReason))
	return nil
}

func (c *clinicalRecords) ExtendSeries(_ context.Context, id, staffID int64, reason string) error {
	c.note("ExtendSeries " + reason)
	return nil
}

func (c *clinicalRecords) CompleteSeries(context.Context, int64) error {
	c.note("CompleteSeries")
	return nil
}

func (c *clinicalRecords) DiscontinueSeries(_ context.Context, _ int64, reason string) error {
	c.note("DiscontinueSeries " + reason)
	return nil
}

func (c *clinicalRecords) CreateScreening(_ context.Context, sc *data.Screening) error {
	c.note("CreateScreening")
	return nil
}

func (c *clinicalRecords) PrefillSession(_ context.Context, seriesID int64) (data.Session, error) {
	return data.Session{SeriesID: seriesID}, nil
}

func (c *clinicalRecords) RecentCartridgeLots(context.Context, time.Time) ([]data.RecentLot, error) {
	return nil, nil
}

func (c *clinicalRecords) LogSession(_ context.Context, x *data.Session) error {
	c.note("LogSession")
	c.logged = append(c.logged, *x)
	return nil
}

func (c *clinicalRecords) UpdateSession(context.Context, *data.Session) error {
	c.note("UpdateSession")
	return nil
}

func (c *clinicalRecords) SignSession(_ context.Context, _, _, practitionerID int64) error {
	c.note(fmt.Sprintf("SignSession by %d", practitionerID))
	return nil
}

func (c *clinicalRecords) Screenings(context.Context, int64) ([]data.Screening, error) {
	if c.screening == nil {
		return nil, nil
	}
	return []data.Screening{*c.screening}, nil
}

func (c *clinicalRecords) AddSessionAddendum(_ context.Context, id, author int64, reason, text string) (data.Addendum, error) {
	c.note("AddSessionAddendum " + reason + ": " + text)
	return data.Addendum{}, nil
}

func (c *clinicalRecords) LotLookup(context.Context, string) ([]data.LotUse, error) {
	return nil, nil
}

func (c *clinicalRecords) SaveClinicRules(context.Context, data.ClinicRules) error {
	c.note("SaveClinicRules")
	return nil
}

func (c *clinicalRecords) ClinicDetails(context.Context) (data.ClinicDetails, error) {
	return data.ClinicDetails{PaperSize: data.PaperA4, Country: c.country}, nil
}

func (c *clinicalRecords) SaveClinicDetails(context.Context, data.ClinicDetails) error {
	c.note("SaveClinicDetails")
	return nil
}

func (c *clinicalRecords) Session(_ context.Context, id int64) (data.Session, error) {
	for _, list := range c.sessions {
		for _, x := range list {
			if x.ID == id {
				return x, nil
			}
		}
	}
	return data.Session{}, data.Errorf(data.ENOTFOUND, "The session was not found.")
}

func (c *clinicalRecords) Series(_ context.Context, id int64) (data.TreatmentSeries, error) {
	for _, ts := range c.series {
		if ts.ID == id {
			return ts, nil
		}
	}
	return data.TreatmentSeries{}, data.Errorf(data.ENOTFOUND, "The series was not found.")
}

func (c *clinicalRecords) RecordPrint(_ context.Context, sessionID int64, document string) (data.Print, error) {
	c.note("RecordPrint " + document)
	return data.Print{SessionID: sessionID, Document: document, PrintedBy: testAdminActor.Name}, nil
}

func (c *clinicalRecords) Appointments(context.Context, time.Time, time.Time) ([]data.Appointment, error) {
	return slices.Clone(c.diary), nil
}

func (c *clinicalRecords) SetStatus(context.Context, int64, int64, data.AppointmentStatus, string) error {
	c.note("SetStatus")
	return nil
}

func (c *clinicalRecords) Recall(context.Context, time.Time) ([]data.RecallEntry, error) {
	return slices.Clone(c.recallList), nil
}

func (c *clinicalRecords) MarkCalled(context.Context, int64, int64, int64, string) error {
	c.note("MarkCalled")
	return nil
}

func (c *clinicalRecords) ProposeNextSession(_ context.Context, seriesID int64, loc *time.Location) (data.Proposal, error) {
	return c.proposal, nil
}

func (c *clinicalRecords) BookingWarnings(context.Context, data.Appointment) ([]string, error) {
	return c.warnings, nil
}

func (c *clinicalRecords) Book(_ context.Context, a *data.Appointment) error {
	c.note("Book " + a.Start.Format("2006-01-02 15:04"))
	return nil
}

func (c *clinicalRecords) DiarySettings(context.Context) (data.DiarySettings, error) {
	return data.DefaultDiarySettings(), nil
}

func (c *clinicalRecords) SaveDiarySettings(context.Context, data.DiarySettings) error {
	c.note("SaveDiarySettings")
	return nil
}

func (c *clinicalRecords) UpdateAppointment(_ context.Context, a *data.Appointment) error {
	c.note("UpdateAppointment " + a.Start.Format("2006-01-02 15:04"))
	return nil
}

func (c *clinicalRecords) PatientAppointments(context.Context, int64) ([]data.Appointment, error) {
	return c.appointments, nil
}

func (c *clinicalRecords) SessionBookings(context.Context, int64, time.Time) (data.SessionBookings, error) {
	return c.bookings, nil
}

func (c *clinicalRecords) UndoStatus(context.Context, int64, int64) error {
	c.note("UndoStatus")
	return nil
}
