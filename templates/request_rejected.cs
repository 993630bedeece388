<?cs # a rejected case opens with the reason in the staff's words and a way to correct it ?>
<?cs if:Page.case.state == "rejected" ?>
<section class="card note banner-rejected" id="rejected-banner" role="region" aria-labelledby="rejected-title">
  <h2 id="rejected-title"><?cs var:L.rejected_banner_title ?></h2>
  <?cs if:?Page.case.reject_reason ?><p><?cs var:L.rejected_banner_reason ?> <span id="reject-reason"><?cs var:Page.case.reject_reason ?></span></p><?cs /if ?>
  <p><a class="button primary" id="resubmit" href="/my/orders/<?cs var:url_escape(Page.case.order_no) ?>/new?resubmit=<?cs var:url_escape(Page.case.case_no) ?>"><?cs var:L.rejected_banner_button ?></a></p>
</section>
<?cs /if ?>
