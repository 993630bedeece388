<?cs # The pieces every message is made of, in the part being rendered:
     Mail.part is html, text or sms (render.c renders each in turn). The
     text and SMS parts are plain text, not HTML: they take the values as
     they are (uvar); the HTML part escapes every value (var). ?>
<?cs # mail_p: a paragraph of up to three pieces joined by a space (the
     language files' values lose their edge blanks): words, a value, words. ?>
<?cs def:mail_p(a, b, c) ?><?cs if:Mail.part == "html" ?><p><?cs var:a ?><?cs if:b != "" ?> <?cs var:b ?><?cs /if ?><?cs if:c != "" ?> <?cs var:c ?><?cs /if ?></p>
<?cs else ?><?cs uvar:a ?><?cs if:b != "" ?> <?cs uvar:b ?><?cs /if ?><?cs if:c != "" ?> <?cs uvar:c ?><?cs /if ?>

<?cs /if ?><?cs /def ?>
<?cs def:mail_more(a, b, c) ?><?cs if:Mail.part != "sms" ?><?cs call:mail_p(a, b, c) ?><?cs /if ?><?cs /def ?>
<?cs def:mail_quote(t) ?><?cs if:Mail.part == "html" ?><blockquote style="white-space:pre-wrap;border-left:3px solid #ccc;margin:0 0 1em;padding-left:1em"><?cs var:t ?></blockquote>
<?cs elif:Mail.part == "text" ?><?cs uvar:t ?>

<?cs /if ?><?cs /def ?>
<?cs def:mail_link(label, url) ?><?cs if:url ?><?cs if:Mail.part == "html" ?><p><a href="<?cs var:url ?>"><?cs var:label ?></a></p>
<?cs elif:Mail.part == "text" ?><?cs uvar:label ?>:
<?cs uvar:url ?>

<?cs else ?> <?cs uvar:url ?><?cs /if ?><?cs /if ?><?cs /def ?>
