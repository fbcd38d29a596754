package sqlstore_test

import (
	"context"
	"testing"

	"needlepoint/data"
	"needlepoint/data/datatest"
	"needlepoint/data/sqlstore"
)

// searchNames runs a search and returns the last names found, in order.
func searchNames(t *testing.T, s *sqlstore.Store, query string, order data.DateOrder) []string {
	t.Helper()
	list, err := s.Search(context.Background(), query, order)
	if err != nil {
		t.Fatalf("Search(%q): %v", query, err)
	}
	names := make([]string, len(list))
	for i, p := range list {
		names[i] = p.LastName
	}
	return names
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	for _, p := range []data.Patient{
		{FirstName: "Zoë", LastName: "Adams", DateOfBirth: datatest.Date(1990, 3, 2), Phone: "+44 7700 900123", Email: "zoe.adams@example.com"},
		{FirstName: "Zoey", LastName: "Baker", Phone: "020 7946 0001"},
		{FirstName: "Anna", LastName: "Zoellner"},
		{FirstName: "Lukas", LastName: "Bazoe"},
		{FirstName: "Łukasz", LastName: "Dmitriev-O'Brien", PreferredName: "Luke"},
		{FirstName: "Дмитрий", LastName: "Иванов", DateOfBirth: datatest.Date(1985, 12, 31)},
		{FirstName: "Minh", LastName: "Nguyễn", Email: "minh@clinic.example"},
	} {
		mustCreate(t, s, p)
	}
	archived := mustCreate(t, s, data.Patient{FirstName: "Zoe", LastName: "Archer"})
	if err := s.ArchivePatient(ctx, archived.ID, archived.Version, "Left the clinic"); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name, query string
		order       data.DateOrder
		want        []string
	}{
		// "zoe" is a whole word for Adams and the archived Archer, the start
		// of Zoey Baker and Anna Zoellner (registered after her, so listed
		// first), and inside Bazoe. Archived patients come last.
		{"ExactThenPrefixThenContains", "zoe", data.DayFirst, []string{"Adams", "Zoellner", "Baker", "Bazoe", "Archer"}},
		{"AccentInsensitive", "ZOË", data.DayFirst, []string{"Adams", "Zoellner", "Baker", "Bazoe", "Archer"}},
		{"StrokedL", "lukasz", data.DayFirst, []string{"Dmitriev-O'Brien"}},
		{"Cyrillic", "дми", data.DayFirst, []string{"Иванов"}},
		{"TwoWords", "zoe ada", data.DayFirst, []string{"Adams"}},
		{"Apostrophe", "obrien", data.DayFirst, []string{"Dmitriev-O'Brien"}},
		{"PartAfterApostrophe", "brien", data.DayFirst, []string{"Dmitriev-O'Brien"}},
		{"PreferredName", "luke", data.DayFirst, []string{"Dmitriev-O'Brien"}},
		{"VietnameseFolded", "nguyen", data.DayFirst, []string{"Nguyễn"}},
		{"PhoneLastFour", "0123", data.DayFirst, []string{"Adams"}},
		{"PhoneNationalFormat", "07700 900123", data.DayFirst, []string{"Adams"}},
		{"PhoneWithSpaces", "7946 0001", data.DayFirst, []string{"Baker"}},
		{"PhoneFirstDigits", "020 79", data.DayFirst, []string{"Baker"}},
		{"PhoneInternational", "+44 7700 900123", data.DayFirst, []string{"Adams"}},
		{"PhoneInternationalFindsNational", "+44 20 7946 0001", data.DayFirst, []string{"Baker"}},
		{"Email", "zoe.adams@example.com", data.DayFirst, []string{"Adams"}},
		{"EmailDomain", "clinic", data.DayFirst, []string{"Nguyễn"}},
		{"BirthdayISO", "1990-03-02", data.MonthFirst, []string{"Adams"}},
		{"BirthdayDayFirst", "31/12/1985", data.DayFirst, []string{"Иванов"}},
		{"BirthdayMonthFirst", "03/02/1990", data.MonthFirst, []string{"Adams"}},
		{"SQLMetacharacters", `zoe" OR 1=1; --`, data.DayFirst, nil},
		{"FTSOperators", "NEAR(zoe AND *)", data.DayFirst, nil},
		{"NoMatch", "xylophone", data.DayFirst, nil},
		{"OnlyPunctuation", "'\"*", data.DayFirst, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchNames(t, s, tt.query, tt.order)
			if len(got) != len(tt.want) {
				t.Fatalf("Search(%q) = %q, want %q", tt.query, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Search(%q) = %q, want %q", tt.query, got, tt.want)
				}
			}
		})
	}

	t.Run("EmptyListsRecentActive", func(t *testing.T) {
		got := searchNames(t, s, "  ", data.DayFirst)
		if len(got) != 7 {
			t.Errorf("empty search = %q, want the 7 active patients", got)
		}
		for _, n := range got {
			if n == "Archer" {
				t.Error("empty search lists an archived patient")
			}
		}
	})

	t.Run("ArchivedMarked", func(t *testing.T) {
		list, _ := s.Search(ctx, "archer", data.DayFirst)
		if len(list) != 1 || !list[0].Archived {
			t.Errorf("Search(archer) = %+v, want one archived patient", list)
		}
	})

	t.Run("FollowsEdits", func(t *testing.T) {
		p, _ := s.Search(ctx, "baker", data.DayFirst)
		full, _ := s.Patient(ctx, p[0].ID)
		full.LastName = "Fischer"
		if err := s.UpdatePatient(ctx, &full); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, s, "baker", data.DayFirst); len(got) != 0 {
			t.Errorf("old name still found: %q", got)
		}
		if got := searchNames(t, s, "fischer", data.DayFirst); len(got) != 1 {
			t.Errorf("new name not found: %q", got)
		}
	})

	t.Run("AtMostLimit", func(t *testing.T) {
		var many []data.Patient
		for i := 0; i < data.SearchLimit+20; i++ {
			many = append(many, data.Patient{FirstName: "Sam", LastName: "Smith"})
		}
		if err := s.ImportPatients(ctx, many); err != nil {
			t.Fatal(err)
		}
		if got := searchNames(t, s, "smith", data.DayFirst); len(got) != data.SearchLimit {
			t.Errorf("got %d results, want %d", len(got), data.SearchLimit)
		}
	})
}
