from lxml import etree


def parse_document(raw):
    parser = etree.XMLParser(resolve_entities=True, strip_cdata=False)
    # ruleid: xxe
    return etree.fromstring(raw, parser)
