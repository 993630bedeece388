-- 024: reply templates (issue 14): short texts a manager keeps per
-- language; an agent picks one on the case page, where {case_no} and
-- {customer} are filled in, and edits it before sending. Plain text: shown
-- and sent as written, never read as a template or as HTML.
CREATE TABLE reply_templates (
  id         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  lang       VARCHAR(8) NOT NULL,
  title      VARCHAR(100) NOT NULL,
  body       TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at DATETIME NOT NULL,
  KEY reply_templates_lang (lang, title),
  CONSTRAINT reply_templates_staff_fk FOREIGN KEY (created_by) REFERENCES staff (id)
) ENGINE=InnoDB;
