<?cs def:field_error(name) ?><?cs if:?Page.errors[name] ?><p class="field-error" id="err-<?cs var:name ?>"><?cs var:Page.errors[name] ?></p><?cs /if ?><?cs /def ?>
<?cs def:pager(base) ?><?cs if:?Page.prev || ?Page.next ?><nav class="pager" aria-label="pages">
<?cs if:?Page.prev ?><a rel="prev" href="<?cs var:base ?>?<?cs var:Page.keep ?>page=<?cs var:Page.prev ?>"><?cs var:L.prev_page ?></a><?cs /if ?>
<?cs if:?Page.next ?><a rel="next" href="<?cs var:base ?>?<?cs var:Page.keep ?>page=<?cs var:Page.next ?>"><?cs var:L.next_page ?></a><?cs /if ?>
</nav><?cs /if ?><?cs /def ?>
