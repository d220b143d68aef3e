(function(){var f=document.getElementById("fb");if(!f)return;var E=f.elements,K="shugen-feedback",N=["category","content","name","phone"],s;try{s=window.localStorage;s.length}catch(e){s=null}
if(s){try{var d=JSON.parse(s.getItem(K)||"null");if(d&&!E.content.value&&!E.category.value){N.forEach(function(n){if(d[n])E[n].value=d[n]})}}catch(e){}
f.addEventListener("input",function(){var d={};N.forEach(function(n){d[n]=E[n].value});try{s.setItem(K,JSON.stringify(d))}catch(e){}})}
var b=f.querySelector("button[type=submit]"),t=b.textContent;
f.addEventListener("submit",function(){setTimeout(function(){b.disabled=true;b.textContent=b.getAttribute("data-busy")},0)});
window.addEventListener("pageshow",function(){b.disabled=false;b.textContent=t})})();
