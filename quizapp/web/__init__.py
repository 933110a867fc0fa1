"""What every part's pages share: the access tables checked before every request, URL
converters, error pages, rate-limit keys, security headers, the home page's redirect, the base form
and the registration of every part's blueprints. It imports the parts' views to register them;
no part imports it but for these shared pieces."""
