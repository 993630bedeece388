-- 036: the shop's own look (issue 13): its name, logo and accent colour,
-- set on the policies page and shown on every page and the return slip.
-- One row (id 1). Empty name / accent and no logo: the neutral default.
-- Pages read it once per connection and keep it while data_versions'
-- 'brand' generation is unchanged (cgi/domain/brand.c), as 011 does for
-- the rules.
CREATE TABLE shop_brand (
  id        TINYINT NOT NULL PRIMARY KEY,
  name      VARCHAR(60) NOT NULL DEFAULT '',
  accent    VARCHAR(7) NOT NULL DEFAULT '',
  logo      MEDIUMBLOB NULL,
  logo_type VARCHAR(32) NOT NULL DEFAULT '',
  CONSTRAINT shop_brand_one CHECK (id = 1)
) ENGINE=InnoDB;

INSERT INTO shop_brand (id) VALUES (1);

INSERT INTO data_versions (name, gen) VALUES ('brand', 1);

CREATE TRIGGER data_versions_brand_upd AFTER UPDATE ON shop_brand FOR EACH ROW
  UPDATE data_versions SET gen = gen + 1 WHERE name = 'brand';
