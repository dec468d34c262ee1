/**
 * The shop's customer-input helper in two versions, shared by the analysis-cache tests: one passes the order
 * reference on as text (a view that puts it in SQL is injectable), the fixed one turns it into a number.
 */
export const FILTERS_PASSTHROUGH = `"""Normalisation of values typed by customers."""


def order_reference(raw):
    return raw.strip().upper()
`;

// the same helper after a fix: order references are numbers
export const FILTERS_NUMERIC = `"""Normalisation of values typed by customers."""


def order_reference(raw):
    return int(raw.strip())
`;
