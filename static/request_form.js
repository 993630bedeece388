/*
 * request_form.js — the request form with JavaScript: both steps on one
 * page, only the fields of the chosen type shown, and photos made smaller
 * in the browser (a JPEG of at most 2048 px a side) before they are sent.
 * Without it the form works in two steps and the server says when a photo
 * is too large.
 */
(function () {
	'use strict';
	var form = document.getElementById('request-form');
	if (!form)
		return;
	var rest = document.getElementById('rest');
	var next = document.getElementById('next-step');
	var step = document.getElementById('step-label');
	if (rest)
		rest.hidden = false;
	if (next)
		next.parentNode.removeChild(next);
	if (step)
		step.hidden = true;
	form.setAttribute('data-step', 'js');

	function checked(name) {
		var c = form.querySelector('input[name="' + name + '"]:checked');
		return c ? c.value : '';
	}
	function adapt() {
		var type = checked('type'), onSite = checked('repair_mode') === 'on_site';
		var blocks = form.querySelectorAll('[data-types]');
		for (var i = 0; i < blocks.length; i++)
			blocks[i].hidden = blocks[i].getAttribute('data-types').split(' ').indexOf(type) < 0;
		var visit = document.getElementById('f-visit');
		if (visit)
			visit.hidden = !onSite;
	}
	form.addEventListener('change', function (e) {
		if (e.target.name === 'type' || e.target.name === 'repair_mode')
			adapt();
	});
	adapt();

	var summary = document.getElementById('error-summary');
	if (summary)
		summary.focus();

	/* ---- photos ---- */
	var input = document.getElementById('photo');
	var status = document.getElementById('photo-status');
	var MAX_SIDE = 2048, KEEP_BELOW = 1536 * 1024, LIMIT = 4718592; /* 4.5 MB */
	if (!input || !window.DataTransfer || !window.HTMLCanvasElement)
		return;

	function load(file) {
		if (window.createImageBitmap)
			return createImageBitmap(file);
		return new Promise(function (ok, fail) {
			var img = new Image(), url = URL.createObjectURL(file);
			img.onload = function () { URL.revokeObjectURL(url); ok(img); };
			img.onerror = function () { URL.revokeObjectURL(url); fail(new Error('image')); };
			img.src = url;
		});
	}
	function toBlob(canvas, quality) {
		return new Promise(function (ok) { canvas.toBlob(ok, 'image/jpeg', quality); });
	}
	/* A file small enough already stays as it is; a file that is no image
	 * the browser can draw is left for the server to refuse. */
	function shrink(file) {
		if (file.size <= KEEP_BELOW || !/^image\//.test(file.type))
			return Promise.resolve(file);
		return load(file).then(function (img) {
			var w = img.width, h = img.height, scale = Math.min(1, MAX_SIDE / Math.max(w, h));
			var canvas = document.createElement('canvas');
			canvas.width = Math.max(1, Math.round(w * scale));
			canvas.height = Math.max(1, Math.round(h * scale));
			canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
			var name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
			var attempt = function (q) {
				return toBlob(canvas, q).then(function (blob) {
					if (blob && blob.size > LIMIT && q > 0.4)
						return attempt(q - 0.15);
					return blob ? new File([blob], name, {type: 'image/jpeg'}) : file;
				});
			};
			return attempt(0.85);
		}, function () { return file; });
	}

	var busy = 0, submits = form.querySelectorAll('button[type="submit"]');
	function setBusy(on) {
		busy = on;
		for (var i = 0; i < submits.length; i++)
			submits[i].disabled = on;
		status.textContent = on ? status.getAttribute('data-busy') : status.getAttribute('data-done');
	}
	input.addEventListener('change', function () {
		var files = Array.prototype.slice.call(input.files || []);
		if (!files.length)
			return;
		setBusy(true);
		Promise.all(files.map(shrink)).then(function (out) {
			var dt = new DataTransfer();
			out.forEach(function (f) { dt.items.add(f); });
			input.files = dt.files; /* fires no change event */
			input.setAttribute('data-ready', '1');
			setBusy(false);
		});
	});
	form.addEventListener('submit', function (e) {
		if (busy)
			e.preventDefault();
	});
})();
