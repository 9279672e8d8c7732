package store

import "refundwatch/store/money"

// RefundDue is what the store owes under price protection: paid minus the
// lowest price seen in the window, never below zero. It is zero in the paid
// currency when no lower price in that currency was seen.
func (p Purchase) RefundDue() money.Money {
	due := money.Money{Currency: p.Paid.Currency}
	if p.LowestPrice == nil || p.LowestPrice.Currency != p.Paid.Currency {
		return due
	}
	if d := p.Paid.Amount - p.LowestPrice.Amount; d > 0 {
		due.Amount = d
	}
	return due
}
