package app

import (
	"context"
	"fmt"
	"io"

	"needlepoint/reports"
)

// progressDocument names the progress sheet in the audit trail.
const progressDocument = "Progress photos"

// progressPairs are the sheet's pairs without their images: for each
// angle photographed at two visits or more, the first visit's photo and
// the latest's, hidden photos left out.
func progressPairs(visits []photoVisit) []progressPair {
	var pairs []progressPair
	for _, label := range comparableAngles(visits, false) {
		var with []photoVisit
		for _, v := range visits {
			if _, ok := photoAt(v, label, false); ok {
				with = append(with, v)
			}
		}
		first, last := with[0], with[len(with)-1]
		before, _ := photoAt(first, label, false)
		after, _ := photoAt(last, label, false)
		pairs = append(pairs, progressPair{label, before.ID, after.ID, first.short, last.short})
	}
	return pairs
}

type progressPair struct {
	angle                       string
	before, after               int64
	beforeCaption, afterCaption string
}

// writeProgress renders the progress sheet of the open patient and
// records the print in the audit trail.
func (v *photosView) writeProgress(ctx context.Context, patientID int64, name string, pairs []progressPair, w io.Writer) error {
	clinic, err := v.store.ClinicDetails(ctx)
	if err != nil {
		return err
	}
	sheet := reports.ProgressSheet{Clinic: reportClinic(clinic), PatientName: name}
	for _, p := range pairs {
		before, err := v.store.PhotoImage(ctx, p.before)
		if err != nil {
			return err
		}
		after, err := v.store.PhotoImage(ctx, p.after)
		if err != nil {
			return err
		}
		sheet.Pairs = append(sheet.Pairs, reports.ProgressPair{Angle: p.angle,
			Before: reports.ProgressPhoto{Caption: p.beforeCaption, JPEG: before},
			After:  reports.ProgressPhoto{Caption: p.afterCaption, JPEG: after}})
	}
	if err := reports.Progress(w, sheet); err != nil {
		return err
	}
	return v.store.RecordPrinted(ctx, patientID, progressDocument)
}

// onProgress opens the progress sheet, ready to print for the patient.
func (v *photosView) onProgress() {
	pairs := progressPairs(v.record.visits)
	if len(pairs) == 0 {
		return
	}
	patientID, name := v.patientID, v.patientName
	confirmPrintable(v.win, []string{name}, func() {
		printPDF(v.win, v.worker, fmt.Sprintf("needlepoint-progress-%d", patientID), func(w io.Writer) error {
			return v.writeProgress(context.Background(), patientID, name, pairs, w)
		}, func(path string) {
			v.status.SetText("Opened for printing: " + path)
		})
	})
}
