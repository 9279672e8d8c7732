// Package store owns refundwatch's database: purchases, their price history,
// the alert outbox and claim steps, kept in one bbolt file. It is the only
// package that imports bbolt.
//
// # Sharing the file
//
// A DB holds the bbolt file open only for the duration of one operation:
// open (flock, waiting up to Options.LockTimeout), one transaction, close. So
// the long-running daemon and short CLI commands share the file; a command
// waits briefly for the daemon instead of failing. Reads take a shared lock
// and do not block each other. When the wait runs out the error wraps
// ErrInUse. Nothing is cached between operations.
//
// # Bucket tree
//
//	meta/
//	  schema                  → uint64 big-endian schema version (see migrations.go)
//	purchases/                → sequence: last purchase ID
//	  <id uint64 BE>          → JSON Purchase
//	history/
//	  <purchase id uint64 BE>/
//	    <unix nano uint64 BE> → JSON Observation (only when status or price changed)
//	alerts/                   → sequence: last alert ID
//	  <id uint64 BE>          → JSON Alert (the outbox; kept after delivery)
//	alerts_by_purchase/       (since schema v2)
//	  <purchase id BE><alert id BE> → empty (index for Alerts and DeletePurchase)
//	claims/
//	  <purchase id uint64 BE>/ → sequence: last step
//	    <step uint64 BE>      → JSON Claim
//
// Every key is fixed-width big-endian so a cursor walks in ID or time order.
// Values are copied out of transactions (decoded JSON) before they are returned.
package store
