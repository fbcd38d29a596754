package sqlstore

import (
	"fmt"

	"needlepoint/data"
)

// wrapf returns a domain error that keeps cause for the log while showing
// the user only the formatted message.
func wrapf(cause error, code, format string, args ...any) *data.Error {
	return &data.Error{Code: code, Message: fmt.Sprintf(format, args...), Err: cause}
}
