package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"

	bolt "go.etcd.io/bbolt"

	"refundwatch/store/money"
)

// ExportVersion is the "version" of the document Export writes.
const ExportVersion = 1

// exportDoc is the export/import document:
// {"version":1,"exported":...,"purchases":[{purchase fields..., "history":[...], "claims":[...], "alerts":[...]}]}.
type exportDoc struct {
	Version   int              `json:"version"`
	Exported  time.Time        `json:"exported"`
	Purchases []exportPurchase `json:"purchases"`
}

// exportPurchase is a Purchase with everything that hangs off it.
type exportPurchase struct {
	purchaseFields
	History []Observation `json:"history"`
	Claims  []Claim       `json:"claims"`
	Alerts  []Alert       `json:"alerts"`
}

// Export writes every purchase with history, claims and alerts as JSON. It
// reads everything in one transaction, then writes outside it.
func (db *DB) Export(ctx context.Context, w io.Writer) error {
	doc := exportDoc{Version: ExportVersion, Exported: time.Now().UTC()}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		ps, err := allPurchases(tx)
		if err != nil {
			return err
		}
		doc.Purchases = make([]exportPurchase, 0, len(ps))
		for _, p := range ps {
			e := exportPurchase{purchaseFields: purchaseFields(p)}
			if e.History, err = historyOf(tx, p.ID); err != nil {
				return err
			}
			if e.Claims, err = claimsOf(tx, p.ID); err != nil {
				return err
			}
			if e.Alerts, err = alertsOf(tx, p.ID); err != nil {
				return err
			}
			doc.Purchases = append(doc.Purchases, e)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// Import reads what Export wrote. All or nothing: the whole document is read
// and checked before one transaction writes it. Idempotent: a purchase already
// present (same URL, order and bought time) is merged — history points added
// by time, claim steps and alerts added when no equal one is there — and its
// own fields are kept; others are added with new IDs. It returns how many
// purchases were added and merged.
func (db *DB) Import(ctx context.Context, r io.Reader) (added, merged int, err error) {
	doc, err := readExport(r)
	if err != nil {
		return 0, 0, fmt.Errorf("import: %w (%w)", err, ErrBadExport)
	}
	err = db.update(ctx, func(tx *bolt.Tx) error {
		added, merged = 0, 0
		existing, err := allPurchases(tx)
		if err != nil {
			return err
		}
		byKey := map[purchaseKey]uint64{}
		for _, p := range existing {
			byKey[keyOf(p)] = p.ID
		}
		for _, e := range doc.Purchases {
			id, found := byKey[keyOf(Purchase(e.purchaseFields))]
			if found {
				merged++
			} else {
				p := Purchase(e.purchaseFields)
				if p.Created.IsZero() {
					p.Created = time.Now()
				}
				if p, err = insertPurchase(tx, p); err != nil {
					return err
				}
				id = p.ID
				byKey[keyOf(p)] = id
				added++
			}
			if err := mergeInto(tx, id, e); err != nil {
				return fmt.Errorf("purchase %s: %w", e.URL, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("import: %w", err)
	}
	return added, merged, nil
}

// purchaseFields is Purchase without its methods, so that a MarshalJSON
// added to Purchase for display can never change the export format.
type purchaseFields Purchase

// purchaseKey identifies a purchase across databases.
type purchaseKey struct {
	url, order string
	bought     int64
}

func keyOf(p Purchase) purchaseKey {
	return purchaseKey{url: p.URL, order: p.Order, bought: p.Bought.UnixNano()}
}

// mergeInto adds e's history, claims and alerts to purchase id, skipping
// what is already there.
func mergeInto(tx *bolt.Tx, id uint64, e exportPurchase) error {
	hb, err := tx.Bucket(bucketHistory).CreateBucketIfNotExists(itob(id))
	if err != nil {
		return err
	}
	for _, o := range e.History {
		if k := timeKey(o.At); hb.Get(k) == nil {
			if err := put(hb, k, o); err != nil {
				return err
			}
		}
	}
	claims, err := claimsOf(tx, id)
	if err != nil {
		return err
	}
	for _, c := range e.Claims {
		if !slicesContain(claims, func(x Claim) bool { return x.At.Equal(c.At) && x.Kind == c.Kind }) {
			if err := insertClaim(tx, id, c); err != nil {
				return err
			}
			claims = append(claims, c)
		}
	}
	alerts, err := alertsOf(tx, id)
	if err != nil {
		return err
	}
	for _, a := range e.Alerts {
		if !slicesContain(alerts, func(x Alert) bool { return x.Created.Equal(a.Created) && x.Kind == a.Kind }) {
			a.PurchaseID = id
			if a, err = insertAlert(tx, a); err != nil {
				return err
			}
			alerts = append(alerts, a)
		}
	}
	return nil
}

func slicesContain[T any](s []T, f func(T) bool) bool {
	for _, x := range s {
		if f(x) {
			return true
		}
	}
	return false
}

// maxImportWindow bounds an imported window (the CLI allows 365 days).
const maxImportWindow = 366 * 24 * time.Hour

// ErrBadExport marks an import file that is not a valid export: nothing of it
// was imported. Other Import errors (lock, disk) are the database's.
var ErrBadExport = errors.New("not a valid refundwatch export file")

// readExport decodes and checks a whole export document; nothing may follow it.
func readExport(r io.Reader) (exportDoc, error) {
	var doc exportDoc
	dec := json.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		return exportDoc{}, fmt.Errorf("not a refundwatch export: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return exportDoc{}, errors.New("not a refundwatch export: data after the document")
	}
	if doc.Version != ExportVersion {
		return exportDoc{}, fmt.Errorf("export version %d is not supported (want %d)", doc.Version, ExportVersion)
	}
	if doc.Purchases == nil {
		return exportDoc{}, errors.New(`not a refundwatch export: no "purchases"`)
	}
	for i, e := range doc.Purchases {
		if err := checkImported(e); err != nil {
			return exportDoc{}, fmt.Errorf("purchase #%d: %w", i+1, err)
		}
	}
	return doc, nil
}

// validStatus lists the statuses a stored purchase may have.
var validStatus = map[Status]bool{
	StatusWatching: true, StatusDropped: true, StatusSubmitted: true,
	StatusRefunded: true, StatusDenied: true, StatusExpired: true,
}

// checkImported rejects what the CLI would never have stored.
func checkImported(e exportPurchase) error {
	u, err := url.Parse(e.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q is not an http(s) URL", e.URL)
	}
	if e.Paid.Amount <= 0 || !money.ValidCurrency(e.Paid.Currency) {
		return fmt.Errorf("paid %s is not a positive amount in a known currency", e.Paid)
	}
	if e.Bought.IsZero() {
		return errors.New("bought is missing")
	}
	// The CLI never stores a window that ends before the purchase or lasts
	// over a year; a zero end would keep the purchase watched forever.
	if !e.WindowEnds.After(e.Bought) || e.WindowEnds.Sub(e.Bought) > maxImportWindow {
		return fmt.Errorf("window_ends %s is not within a year after bought %s", e.WindowEnds.Format(time.RFC3339), e.Bought.Format(time.RFC3339))
	}
	if e.LowestPrice != nil && e.LowestPrice.Currency != e.Paid.Currency {
		return fmt.Errorf("lowest_price is in %q but paid in %s", e.LowestPrice.Currency, e.Paid.Currency)
	}
	if e.LastPrice != nil && e.LastPrice.Currency != "" && !money.ValidCurrency(e.LastPrice.Currency) {
		return fmt.Errorf("last_price currency %q is unknown", e.LastPrice.Currency)
	}
	if !validStatus[e.Status] {
		return fmt.Errorf("status %q is unknown", e.Status)
	}
	for _, o := range e.History {
		if o.At.Before(time.Unix(0, 0)) {
			return fmt.Errorf("history point at %s is before 1970", o.At.Format(time.RFC3339))
		}
		if o.Status == "" {
			return fmt.Errorf("history point at %s has no status", o.At.Format(time.RFC3339))
		}
	}
	for _, c := range e.Claims {
		if _, ok := claimStatus[c.Kind]; !ok {
			return fmt.Errorf("claim kind %q is unknown", c.Kind)
		}
	}
	for _, a := range e.Alerts {
		if a.Kind == "" {
			return errors.New("an alert has no kind")
		}
	}
	return nil
}
