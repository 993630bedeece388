-- 013: when a refund reached the customer's account, as the payment
-- system confirms it (POST /api/v1/cases/{no}/refunds/{id}/credited): the
-- customer's refund progress shows this date instead of the estimate.
ALTER TABLE refunds
  ADD COLUMN credited_at DATETIME NULL;
