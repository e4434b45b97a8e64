// The search tokenizer, an exact mirror of src/mlblog/search/tokens.py (see there for
// the rules). tests/fixtures/search/tokens.json is checked against both.
(function (root) {
  "use strict";
  var STOP_WORDS = new Set(
    ("a an and are as at be but by for from has have if in into is it its of on or " +
      "s that the their then there these this to was were will with").split(" ")
  );
  var WORD_RANGES = [
    [0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], [0xb5, 0xb5], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x24f],
    [0x370, 0x373], [0x376, 0x377], [0x37b, 0x37d], [0x37f, 0x37f],  // Greek letters
    [0x386, 0x386], [0x388, 0x38a], [0x38c, 0x38c], [0x38e, 0x3a1], [0x3a3, 0x3f5], [0x3f7, 0x3ff],
  ];
  var CJK_RANGES = [
    [0x3040, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff],
    [0xac00, 0xd7af], [0xf900, 0xfaff], [0x20000, 0x2a6df],
  ];
  var WORD = 0, CJK = 1, JOIN = 2, OTHER = 3;

  function inRanges(code, ranges) {
    for (var i = 0; i < ranges.length; i++) {
      if (code >= ranges[i][0] && code <= ranges[i][1]) return true;
    }
    return false;
  }

  function kind(char) {
    var code = char.codePointAt(0);
    if (inRanges(code, WORD_RANGES)) return WORD;
    if (inRanges(code, CJK_RANGES)) return CJK;
    if (char === "." || char === "_" || char === "-") return JOIN;
    return OTHER;
  }

  // Radicals that a PDF's text has for the ideographs they look like (tokens.py).
  var KANGXI = "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";
  var RADICALS = "⺟母⻅见⻆角⻉贝⻋车⻓长⻔门⻙韦⻚页⻛风⻜飞⻢马⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟";
  var RADICAL = {};
  for (var r = 0; r < RADICALS.length; r += 2) RADICAL[RADICALS[r]] = RADICALS[r + 1];

  function fold(char) {
    var code = char.codePointAt(0);
    if (code >= 0x2f00 && code < 0x2f00 + KANGXI.length) return KANGXI[code - 0x2f00];
    if (RADICAL[char]) return RADICAL[char];
    if (code >= 0xff01 && code <= 0xff5e) {
      char = String.fromCodePoint(code - 0xfee0);
      code = char.codePointAt(0);
    }
    if (code === 0xb5) return "\u03bc";  // µ is μ
    if (code === 0x3c2) return "\u03c3";  // ς is σ
    var letter = code < 0x80 || (code >= 0xc0 && code <= 0x24f) || (code >= 0x370 && code <= 0x3ff);
    return letter ? char.toLowerCase() : char;
  }

  function runs(text) {
    var folded = Array.from(Array.from(text).map(fold).join(""));
    var result = [];
    var current = -1, start = 0;
    for (var i = 0; i < folded.length; i++) {
      var k = kind(folded[i]);
      if (k !== current) {
        if (current !== -1) result.push([current, folded.slice(start, i).join("")]);
        current = k;
        start = i;
      }
    }
    if (folded.length && current !== -1) result.push([current, folded.slice(start).join("")]);
    return result;
  }

  function isUpper(c) { return c >= "A" && c <= "Z"; }
  function isLower(c) { return c >= "a" && c <= "z"; }

  function camelParts(word) {
    var parts = [], start = 0;
    for (var i = 1; i < word.length; i++) {
      var before = word[i - 1], here = word[i], after = word[i + 1] || "";
      if (isUpper(here) && (isLower(before) || (isUpper(before) && isLower(after)))) {
        parts.push(word.slice(start, i));
        start = i;
      }
    }
    parts.push(word.slice(start));
    return parts;
  }

  function splitCamel(word) {
    var parts = camelParts(word);
    var shortest = Math.min.apply(null, parts.map(function (p) { return p.length; }));
    return parts.length > 1 && shortest >= 3 ? parts.join("-") : word;
  }

  function tokenize(text) {
    text = text.replace(/[A-Za-z]{6,}/g, splitCamel);  // its parts joined, as flash-attention
    var tokens = [];
    var compound = [];
    var pendingJoin = false;

    function closeCompound() {
      compound.forEach(function (word) {
        if (!STOP_WORDS.has(word)) tokens.push(word);
      });
      for (var i = 0; i + 1 < compound.length; i++) tokens.push(compound[i] + compound[i + 1]);
      if (compound.length > 2) tokens.push(compound.join(""));
      compound = [];
    }

    runs(text).forEach(function (pair) {
      var k = pair[0], run = pair[1];
      if (k === WORD) {
        if (!(pendingJoin && compound.length)) closeCompound();
        compound.push(run);
        pendingJoin = false;
      } else if (k === JOIN && Array.from(run).length === 1 && compound.length && !pendingJoin) {
        pendingJoin = true;
      } else {
        closeCompound();
        pendingJoin = false;
        if (k === CJK) {
          var chars = Array.from(run);
          if (chars.length === 1) tokens.push(run);
          for (var i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
        }
      }
    });
    closeCompound();
    return tokens;
  }

  function queryTerms(text) {
    return Array.from(new Set(tokenize(text)));
  }

  var api = { tokenize: tokenize, queryTerms: queryTerms };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.mlblogSearchTokens = api;
})(typeof self !== "undefined" ? self : this);
