from lxml import etree


def parse_document(raw):
    parser = etree.XMLParser(resolve_entities=False, strip_cdata=False)
    # ok: xxe
    return etree.fromstring(raw, parser)
