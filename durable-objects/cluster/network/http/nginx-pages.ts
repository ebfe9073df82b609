// nginx's own bytes, as its source tree ships them (github.com/nginx/nginx, docs/html/): the welcome
// page and 50x.html the packages install in /usr/share/nginx/html, per release range; and each release's
// date, which is the mtime those files keep in the nginx.org packages the Docker image installs (so
// Last-Modified and the ETag "<mtime hex>-<size hex>" are the real ones: nginx 1.27.2 says "66fd630f-267").
// Extracted with `git show release-X:docs/html/…` and `git for-each-ref refs/tags`; data, not code.

/** docs/html/index.html from 1.3.6 until 1.21.1 (612 bytes). */
export const WELCOME_1_3_6 = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Welcome to nginx!</title>",
  "<style>",
  "    body {",
  "        width: 35em;",
  "        margin: 0 auto;",
  "        font-family: Tahoma, Verdana, Arial, sans-serif;",
  "    }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>Welcome to nginx!</h1>",
  "<p>If you see this page, the nginx web server is successfully installed and",
  "working. Further configuration is required.</p>",
  "",
  "<p>For online documentation and support please refer to",
  "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>",
  "Commercial support is available at",
  "<a href=\"http://nginx.com/\">nginx.com</a>.</p>",
  "",
  "<p><em>Thank you for using nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** docs/html/index.html from 1.21.2 (dark mode) until 1.29.5 (615 bytes). */
export const WELCOME_1_21_2 = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Welcome to nginx!</title>",
  "<style>",
  "html { color-scheme: light dark; }",
  "body { width: 35em; margin: 0 auto;",
  "font-family: Tahoma, Verdana, Arial, sans-serif; }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>Welcome to nginx!</h1>",
  "<p>If you see this page, the nginx web server is successfully installed and",
  "working. Further configuration is required.</p>",
  "",
  "<p>For online documentation and support please refer to",
  "<a href=\"http://nginx.org/\">nginx.org</a>.<br/>",
  "Commercial support is available at",
  "<a href=\"http://nginx.com/\">nginx.com</a>.</p>",
  "",
  "<p><em>Thank you for using nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** docs/html/index.html from 1.29.6 (links to the community and f5.com; trailing spaces are nginx's). */
export const WELCOME_1_29_6 = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Welcome to nginx!</title>",
  "<style>",
  "html { color-scheme: light dark; }",
  "body { width: 35em; margin: 0 auto;",
  "font-family: Tahoma, Verdana, Arial, sans-serif; }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>Welcome to nginx!</h1>",
  "<p>If you see this page, nginx is successfully installed and working.",
  "Further configuration is required for the web server, reverse proxy, ",
  "API gateway, load balancer, content cache, or other features.</p>",
  "",
  "<p>For online documentation and support please refer to",
  "<a href=\"https://nginx.org/\">nginx.org</a>.<br/>",
  "To engage with the community please visit",
  "<a href=\"https://community.nginx.org/\">community.nginx.org</a>.<br/>",
  "For enterprise grade support, professional services, additional ",
  "security features and capabilities please refer to",
  "<a href=\"https://f5.com/nginx\">f5.com/nginx</a>.</p>",
  "",
  "<p><em>Thank you for using nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** docs/html/50x.html until 1.15.2 (links the error_log directive). */
export const ERROR_50X_OLD = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Error</title>",
  "<style>",
  "    body {",
  "        width: 35em;",
  "        margin: 0 auto;",
  "        font-family: Tahoma, Verdana, Arial, sans-serif;",
  "    }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>An error occurred.</h1>",
  "<p>Sorry, the page you are looking for is currently unavailable.<br/>",
  "Please try again later.</p>",
  "<p>If you are the system administrator of this resource then you should check",
  "the <a href=\"http://nginx.org/r/error_log\">error log</a> for details.</p>",
  "<p><em>Faithfully yours, nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** docs/html/50x.html from 1.15.3 until 1.21.1. */
export const ERROR_50X_1_15_3 = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Error</title>",
  "<style>",
  "    body {",
  "        width: 35em;",
  "        margin: 0 auto;",
  "        font-family: Tahoma, Verdana, Arial, sans-serif;",
  "    }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>An error occurred.</h1>",
  "<p>Sorry, the page you are looking for is currently unavailable.<br/>",
  "Please try again later.</p>",
  "<p>If you are the system administrator of this resource then you should check",
  "the error log for details.</p>",
  "<p><em>Faithfully yours, nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** docs/html/50x.html from 1.21.2. */
export const ERROR_50X_1_21_2 = [
  "<!DOCTYPE html>",
  "<html>",
  "<head>",
  "<title>Error</title>",
  "<style>",
  "html { color-scheme: light dark; }",
  "body { width: 35em; margin: 0 auto;",
  "font-family: Tahoma, Verdana, Arial, sans-serif; }",
  "</style>",
  "</head>",
  "<body>",
  "<h1>An error occurred.</h1>",
  "<p>Sorry, the page you are looking for is currently unavailable.<br/>",
  "Please try again later.</p>",
  "<p>If you are the system administrator of this resource then you should check",
  "the error log for details.</p>",
  "<p><em>Faithfully yours, nginx.</em></p>",
  "</body>",
  "</html>",
].join("\n") + "\n";

/** "version:unix seconds (hex)" of every release from 1.7.0: the release commit's date. */
export const RELEASES =
  "1.7.0:5359097e 1.7.1:538499f0 1.7.2:53a039cd 1.7.3:53bbf09e 1.7.4:53e0bc40 1.7.5:54182ab7 " +
  "1.7.6:542aae20 1.7.7:544fb08e 1.7.8:547db856 1.7.9:54998a25 1.7.10:54da16bc 1.7.11:5511869e " +
  "1.7.12:5523f945 1.8.0:55365aae 1.8.1:56a78522 1.9.0:553fa7c5 1.9.1:556479fe 1.9.2:55803783 " +
  "1.9.3:55a53ccd 1.9.4:55d34c41 1.9.5:56016765 1.9.6:562f8071 1.9.7:564b3ed0 1.9.8:5666f463 " +
  "1.9.9:56683ef8 1.9.10:56a7825c 1.9.11:56b9f3ac 1.9.12:56cdc3e2 1.9.13:56fa9aaa 1.9.14:5703d244 " +
  "1.9.15:5716569d 1.10.0:571f6da6 1.10.1:574d95d5 1.10.2:580639b0 1.10.3:5890a6b6 1.11.0:57447941 " +
  "1.11.1:574d9515 1.11.2:577bd89e 1.11.3:57976ca2 1.11.4:57d81dab 1.11.5:57fcff24 1.11.6:582b25b2 " +
  "1.11.7:585011f3 1.11.8:5862794b 1.11.9:58875e6a 1.11.10:58a323e4 1.11.11:58d140f6 1.11.12:58d535a1 " +
  "1.11.13:58e3b565 1.12.0:58ee3da8 1.12.1:5964d174 1.12.2:59e602b5 1.13.0:58ff5aad 1.13.1:592d87da " +
  "1.13.2:59526f41 1.13.3:5964d026 1.13.4:5989d1fb 1.13.5:59aebbd3 1.13.6:59dce5ca 1.13.7:5a1441b7 " +
  "1.13.8:5a427247 1.13.9:5a8c2bf0 1.13.10:5ab12fa6 1.13.11:5ac391d1 1.13.12:5accc5fd 1.14.0:5ad6113b " +
  "1.14.1:5be19cae 1.14.2:5c0694a8 1.15.0:5b16946d 1.15.1:5b3b913f 1.15.2:5b572563 1.15.3:5b856be0 " +
  "1.15.4:5baa502b 1.15.5:5bb38b2f 1.15.6:5be197d8 1.15.7:5bfd5754 1.15.8:5c22444f 1.15.9:5c755b52 " +
  "1.15.10:5c9a31fe 1.15.11:5cac976e 1.15.12:5cb5ecc2 1.16.0:5cbf0f59 1.16.1:5d52b25e 1.17.0:5ce409fd " +
  "1.17.1:5d121161 1.17.2:5d36f72b 1.17.3:5d52b104 1.17.4:5d8a3180 1.17.5:5daf1d38 1.17.6:5dd3f9d2 " +
  "1.17.7:5e0227f9 1.17.8:5e26ff1d 1.17.9:5e5e71f5 1.17.10:5e95c66e 1.18.0:5e9efe7d 1.19.0:5ecd2f04 " +
  "1.19.1:5f049b15 1.19.2:5f32b0ae 1.19.3:5f73456a 1.19.4:5f983820 1.19.5:5fbd217a 1.19.6:5fd8cb23 " +
  "1.19.7:602beb5e 1.19.8:604793f6 1.19.9:606339ef 1.19.10:6075b536 1.20.0:607ed8b2 1.20.1:60acef1a " +
  "1.20.2:6193c3b2 1.21.0:60aced87 1.21.1:60e46fc4 1.21.2:612e472a 1.21.3:6137835e 1.21.4:61814ff2 " +
  "1.21.5:61cb2d25 1.21.6:61f01157 1.22.0:628c1fd6 1.22.1:634faf0c 1.23.0:62b1d4e0 1.23.1:62d6ba27 " +
  "1.23.2:634fada4 1.23.3:6398a011 1.23.4:64230161 1.24.0:6434bbbe 1.25.0:646cd6e3 1.25.1:64888659 " +
  "1.25.2:64dbafc8 1.25.3:6537cac6 1.25.4:65ccaa42 1.25.5:661e8ae6 1.26.0:6627ba38 1.26.1:6655db9e " +
  "1.26.2:66ba1b69 1.26.3:67a3948f 1.27.0:6655d9ea 1.27.1:66ba1a44 1.27.2:66fd630f 1.27.3:6745ef54 " +
  "1.27.4:67a38e36 1.27.5:67ff9c07 1.28.0:6808d3a6 1.28.1:694ae221 1.28.2:6983804f 1.28.3:69c2d8f3 " +
  "1.29.0:685adee1 1.29.1:689ca245 1.29.2:68e54807 1.29.3:6900b176 1.29.4:69386a3a 1.29.5:698361d4 " +
  "1.29.6:69b038c3 1.29.7:69c2affa 1.29.8:69d4ec68 1.30.0:69de3cb3 1.30.1:6a04b2f7 1.30.2:6a107130 " +
  "1.30.3:6a32ba15 1.30.4:6a57c166 1.31.0:6a04b2b3 1.31.1:6a106fef 1.31.2:6a32b1e3 1.31.3:6a57af42 " +
  "1.31.4:6a7b8109";
