<?cs # the compensations of Page.case as the customer sees them (page_costs.c fill_costs) ?>
<?cs if:subcount(Page.compensations) > 0 ?>
<section class="card" id="compensations">
  <h2><?cs var:L.comp_title ?></h2>
  <ul class="timers">
  <?cs each:k = Page.compensations ?>
    <li data-state="<?cs var:k.state ?>" data-kind="<?cs var:k.kind ?>"><?cs var:k.kind_label ?> ¥<?cs var:k.amount ?> · <?cs var:L["comp_state_" + k.state] ?> <time><?cs var:k.at ?></time></li>
  <?cs /each ?>
  </ul>
</section>
<?cs /if ?>
