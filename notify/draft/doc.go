// Package draft owns the wording of the refund request a user pastes into a
// store's support chat or email: pure functions from purchase facts to text,
// in Japanese (丁寧語) for Japanese stores and English otherwise, in a short
// "chat" style or a complete "email" style (subject line + body).
//
// Unknown facts are never invented: a missing order number, title, purchase
// date or link becomes a clear placeholder such as [注文番号] / [order number].
//
// Users may replace the wording with their own text/template files; the data
// a template sees is Fields (documented there and in FieldsDoc).
package draft
