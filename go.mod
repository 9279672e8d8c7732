module refundwatch

go 1.26.0

require (
	github.com/coreos/go-systemd/v22 v22.7.0
	golang.org/x/text v0.43.0
)

require golang.org/x/sys v0.1.0 // indirect
