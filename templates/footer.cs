</main>
<footer class="foot"><small><?cs var:L.site_name ?></small></footer>
</body>
</html>
