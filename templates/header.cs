<!doctype html>
<html lang="<?cs var:Site.lang ?>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><?cs var:Page.title ?> · <?cs if:?Brand.name ?><?cs var:Brand.name ?><?cs else ?><?cs var:L.site_name ?><?cs /if ?></title>
<?cs if:!?User.kind && (Site.path == "/login" || Site.path == "/register" || Site.path == "/forgot" || Site.path == "/staff/login") ?><meta name="description" content="<?cs if:?Brand.name ?><?cs var:Brand.name ?> · <?cs /if ?><?cs var:L.meta_description ?>"><?cs /if ?>
<link rel="stylesheet" href="/static/<?cs var:Static.css ?>">
<?cs if:Brand.accent == "1" ?><link rel="stylesheet" href="/brand.css?v=<?cs var:Brand.gen ?>"><?cs /if ?>
<link rel="icon" href="/static/<?cs var:Static.icon ?>" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main"><?cs var:L.skip ?></a>
<header class="top">
  <a class="brand" href="/"><?cs if:Brand.logo == "1" ?><img class="logo" src="/brand/logo?v=<?cs var:Brand.gen ?>" alt="" height="32"><?cs /if ?><?cs if:?Brand.name ?><?cs var:Brand.name ?><?cs else ?><?cs var:L.site_name ?><?cs /if ?></a>
  <nav aria-label="main">
  <?cs if:User.kind == "customer" ?>
    <a href="/my/orders"<?cs if:Site.path == "/my/orders" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_orders ?></a>
    <a href="/my/requests"<?cs if:Site.path == "/my/requests" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_requests ?></a>
    <a href="/my/complaints"<?cs if:Site.path == "/my/complaints" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_complaints ?></a>
    <a href="/my/account"<?cs if:Site.path == "/my/account" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_account ?></a>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit" class="link"><?cs var:L.nav_logout ?></button>
    </form>
  <?cs elif:User.kind == "staff" ?>
    <a href="/staff/queue"<?cs if:Site.path == "/staff/queue" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_queue ?></a>
    <?cs if:User.pickups == "1" ?><a href="/staff/pickups"<?cs if:Site.path == "/staff/pickups" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_pickups ?></a><?cs /if ?>
    <?cs if:User.can_register == "1" ?><a href="/staff/complaints"<?cs if:Site.path == "/staff/complaints" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_complaints ?></a><?cs /if ?>
    <?cs if:User.can_register == "1" ?><a href="/staff/followups"<?cs if:Site.path == "/staff/followups" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_followups ?></a><?cs /if ?>
    <?cs if:User.can_register == "1" ?><a href="/staff/cases/new"<?cs if:Site.path == "/staff/cases/new" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_register_case ?></a><?cs /if ?>
    <?cs if:User.manager == "1" ?><a href="/staff/dashboard"<?cs if:Site.path == "/staff/dashboard" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_dashboard ?></a><?cs /if ?>
    <?cs if:User.manager == "1" ?><a href="/staff/performance"<?cs if:Site.path == "/staff/performance" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_performance ?></a><?cs /if ?>
    <?cs if:User.manager == "1" ?><a href="/staff/improvements"<?cs if:Site.path == "/staff/improvements" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_improvements ?></a><?cs /if ?>
    <?cs if:User.manager == "1" ?><a href="/staff/surveys"<?cs if:Site.path == "/staff/surveys" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_surveys ?></a><?cs /if ?>
    <?cs if:User.manager == "1" ?><a href="/staff/admin/calendar"<?cs if:Site.path == "/staff/admin/calendar" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_calendar ?></a>
    <a href="/staff/admin/users"<?cs if:Site.path == "/staff/admin/users" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_users ?></a>
    <a href="/staff/admin/policies"<?cs if:Site.path == "/staff/admin/policies" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_policies ?></a>
    <a href="/staff/admin/limits"<?cs if:Site.path == "/staff/admin/limits" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_limits ?></a>
    <a href="/staff/admin/privacy"<?cs if:Site.path == "/staff/admin/privacy" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_privacy ?></a>
    <a href="/staff/admin/replies"<?cs if:Site.path == "/staff/admin/replies" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_replies ?></a>
    <a href="/staff/admin/notifications"<?cs if:Site.path == "/staff/admin/notifications" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_notifications ?></a>
    <a href="/staff/admin/webhooks"<?cs if:Site.path == "/staff/admin/webhooks" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_webhooks ?></a>
    <a href="/staff/audit"<?cs if:Site.path == "/staff/audit" ?> aria-current="page"<?cs /if ?>><?cs var:L.nav_audit ?></a><?cs /if ?>
    <a href="/staff/account"<?cs if:Site.path == "/staff/account" ?> aria-current="page"<?cs /if ?>><?cs var:User.name ?></a>
    <form method="post" action="/staff/logout" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:Site.csrf ?>">
      <button type="submit" class="link"><?cs var:L.nav_logout ?></button>
    </form>
  <?cs /if ?>
    <a class="lang" lang="<?cs var:L.lang_other ?>" href="/lang/<?cs var:L.lang_other ?>?back=<?cs var:url_escape(Site.here) ?>"><?cs var:L.lang_switch ?></a>
  </nav>
</header>
<main id="main">
