-- 034: requests that fit what people ask (issue 13). The address an order
-- was delivered to (the order JSON's optional customer.address), what an
-- exchange should bring instead (variant), and where and when an on-site
-- repair should come (visit_address, visit_slot "YYYY-MM-DD HH-HH", shop
-- time).
ALTER TABLE orders ADD COLUMN ship_address VARCHAR(200) NULL;
ALTER TABLE cases ADD COLUMN variant VARCHAR(100) NULL, ADD COLUMN visit_address VARCHAR(200) NULL, ADD COLUMN visit_slot VARCHAR(16) NULL;
