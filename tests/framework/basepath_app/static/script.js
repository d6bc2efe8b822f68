document.getElementById("script-output").textContent = "script ran";
