</main>
<footer class="foot"><small><?cs if:?Brand.name ?><?cs var:Brand.name ?> · <?cs /if ?><?cs var:L.site_name ?></small></footer>
</body>
</html>
