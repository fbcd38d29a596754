package data_test

import (
	"strings"
	"testing"
	"time"

	"needlepoint/data"
)

func TestFreeSlots(t *testing.T) {
	// Tuesday 22 Dec 2026; Saturday 26 Dec opens 09:00–13:00, Sunday is closed.
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, time.UTC) }
	taken := func(id, who int64, room string, start time.Time, minutes int, st data.AppointmentStatus) data.Appointment {
		return data.Appointment{ID: id, PractitionerID: who, Room: room, Start: start, DurationMinutes: minutes, Status: st}
	}
	diary := data.DefaultDiarySettings()
	short := diary
	short.Hours[time.Tuesday] = data.OpeningHours{Open: true, Opens: 9 * 60, Closes: 10*60 + 30}
	earlier := at(1, 12, 0)

	tests := []struct {
		name  string
		diary data.DiarySettings
		day   time.Time
		now   time.Time
		b     data.Appointment
		busy  []data.Appointment
		want  string
	}{
		{"EmptyDay", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 60}, nil,
			"09:00 09:15 09:30"},
		{"LastEndsAtClosing", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 90}, nil,
			"09:00"},
		{"LongerThanTheDay", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 120}, nil,
			""},
		{"Closed", diary, at(27, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 30}, nil,
			""},
		{"AroundABooking", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 30},
			[]data.Appointment{taken(1, 7, "", at(22, 9, 30), 30, data.StatusBooked)},
			"09:00 10:00"},
		{"OtherPractitionerBusy", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 30},
			[]data.Appointment{taken(1, 8, "Room 2", at(22, 9, 30), 30, data.StatusBooked)},
			"09:00 09:15 09:30 09:45 10:00"},
		{"RoomTaken", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, Room: " room 2", DurationMinutes: 30},
			[]data.Appointment{taken(1, 8, "Room 2", at(22, 9, 30), 30, data.StatusCheckedIn)},
			"09:00 10:00"},
		{"CancelledAndMissedFree", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 60},
			[]data.Appointment{
				taken(1, 7, "", at(22, 9, 0), 60, data.StatusCancelled),
				taken(2, 7, "", at(22, 9, 30), 60, data.StatusNoShow),
			},
			"09:00 09:15 09:30"},
		{"CompletedHolds", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 30},
			[]data.Appointment{taken(1, 7, "", at(22, 9, 0), 60, data.StatusCompleted)},
			"10:00"},
		{"MovedKeepsItsOwnTime", short, at(22, 0, 0), earlier, data.Appointment{ID: 1, PractitionerID: 7, DurationMinutes: 30},
			[]data.Appointment{taken(1, 7, "", at(22, 9, 30), 30, data.StatusBooked)},
			"09:00 09:15 09:30 09:45 10:00"},
		{"StartsBeforeOpening", short, at(22, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 30},
			[]data.Appointment{taken(1, 7, "", at(22, 8, 0), 120, data.StatusBooked)},
			"10:00"},
		{"TodayNoneGone", short, at(22, 0, 0), at(22, 9, 20), data.Appointment{PractitionerID: 7, DurationMinutes: 30}, nil,
			"09:30 09:45 10:00"},
		{"TodayAtASlot", short, at(22, 0, 0), at(22, 9, 30), data.Appointment{PractitionerID: 7, DurationMinutes: 30}, nil,
			"09:30 09:45 10:00"},
		{"Saturday", diary, at(26, 0, 0), earlier, data.Appointment{PractitionerID: 7, DurationMinutes: 180},
			[]data.Appointment{taken(1, 7, "", at(26, 9, 30), 15, data.StatusBooked)},
			"09:45 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range tt.diary.FreeSlots(tt.day, tt.now, tt.b, tt.busy) {
				if y, m, d := s.Date(); y != 2026 || m != 12 || d != tt.day.Day() {
					t.Errorf("slot %v is not on %v", s, tt.day)
				}
				got = append(got, s.Format("15:04"))
			}
			if got, want := strings.Join(got, " "), tt.want; got != want {
				t.Errorf("FreeSlots = %q, want %q", got, want)
			}
		})
	}
}

func TestClosedOn(t *testing.T) {
	diary := data.DefaultDiarySettings()
	if got, want := diary.ClosedOn(time.Date(2026, 12, 27, 0, 0, 0, 0, time.UTC)), true; got != want {
		t.Errorf("ClosedOn(Sunday) = %v, want %v", got, want)
	}
	if got, want := diary.ClosedOn(time.Date(2026, 12, 26, 0, 0, 0, 0, time.UTC)), false; got != want {
		t.Errorf("ClosedOn(Saturday) = %v, want %v", got, want)
	}
}

func TestSlotsRange(t *testing.T) {
	from, to := data.SlotsRange(time.Date(2026, 12, 22, 14, 30, 0, 0, time.UTC))
	if got, want := from, time.Date(2026, 12, 21, 16, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("from = %v, want %v", got, want)
	}
	if got, want := to, time.Date(2026, 12, 23, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("to = %v, want %v", got, want)
	}
}
