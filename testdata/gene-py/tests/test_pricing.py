from shop.pricing import banner, checkout_total


def test_checkout_total_adds_tax():
    assert checkout_total([50, 50]).cents == 120


def test_banner_is_as_long_as_the_title():
    assert len(banner("shop")) == 4
