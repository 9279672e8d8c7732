module refundwatch

go 1.26.0

require (
	github.com/robfig/cron/v3 v3.0.1
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)
